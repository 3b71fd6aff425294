import { toTable } from "../frame";
import type { ValidationReport } from "../validate";
import type { MimeBundle } from "./emit";
import { getDisplayOptions } from "./displayOptions";
import { formatFloat } from "./formatFloat";
import { formatTime } from "./formatTime";
import { isPlainObject, recordBundle, RecordEntry } from "./recordBundle";
import { tableBundle } from "./show";

/** What validateOhlcv returns. */
export function isValidationReport(value: unknown): value is ValidationReport {
  const v = value as Record<string, unknown>;
  return isPlainObject(value) && typeof v.rows === "number" && typeof v.timeframe === "string" && typeof v.calendar === "string" && isPlainObject(v.counts) && typeof v.score === "number" && typeof v.ok === "boolean";
}

/** A report's ISO time as tables show times (UTC or the display zone). */
const isoTime = (iso: string | null) => (iso === null ? "-" : formatTime(Date.parse(iso), getDisplayOptions().timezone));

/** The lists of findings, each shown as a table of its first entries. */
const FINDINGS = ["duplicates", "outOfOrder", "invalid", "gaps", "extra", "outliers", "splits", "stale"] as const;

/** A list of plain records as a table: one column per field of the first record, arrays joined. */
function recordsTable(records: readonly object[]) {
  const keys = Object.keys(records[0]);
  return toTable(keys.map((k) => [k, records.map((r) => {
    const v = (r as Record<string, unknown>)[k];
    return Array.isArray(v) ? v.join(", ") : v ?? null;
  })]));
}

/** A ValidationReport: the score and the counts, then each kind of finding as a table of its first entries. */
export function validationReportBundle(report: ValidationReport): MimeBundle {
  const entries: RecordEntry[] = [
    ["score", formatFloat(report.score, 4)],
    ["ok", String(report.ok)],
    ["rows", report.rows.toLocaleString("en-US")],
    ["timeframe", report.timeframe],
    ["calendar", `${report.calendar} (${report.session})`],
    ["first", isoTime(report.start)],
    ["last", isoTime(report.end)],
    ["expected bars", report.expectedBars.toLocaleString("en-US")],
  ];
  for (const [name, count] of Object.entries(report.counts)) if (count !== 0) entries.push([name, count.toLocaleString("en-US")]);
  for (const suggestion of report.suggestions ?? []) entries.push(["suggestion", suggestion]);
  const after: MimeBundle[] = [];
  for (const name of FINDINGS) {
    const list = report[name] as readonly object[];
    if (Array.isArray(list) && list.length > 0) after.push(tableBundle(recordsTable(list), { title: name }));
  }
  return recordBundle(`Validation of ${report.rows.toLocaleString("en-US")} ${report.timeframe} bars: ${report.ok ? "clean" : "findings"}`, entries, after);
}
