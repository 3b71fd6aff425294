import { InvalidDataError } from "../store";
import type { WriteOptions } from "../store";
import { ohlcvFromFrame } from "./ohlcv/ohlcvColumns";
import { ResolvedOptions, ValidateOptions, resolveOptions } from "./ohlcv/options";
import { validateArrays } from "./ohlcv/validateOhlcv";
import type { ValidationCounts, ValidationReport } from "./ohlcv/ValidationReport";
import { ValidationError } from "./ValidationError";

/** The store's write-check hook type (`check` option of write, append and update). */
export type OhlcvWriteCheck = NonNullable<WriteOptions["check"]>;

/** Kinds of findings a write check can act on. */
export type WriteCheckFinding = "invalid" | "duplicates" | "outOfOrder" | "gaps" | "extraBars" | "outliers" | "stale";

/** Options of {@link ohlcvWriteCheck}: validateOhlcv's, plus what to do with findings. */
export interface OhlcvWriteCheckOptions extends Partial<ValidateOptions> {
  /** "reject": throw (nothing is stored); "warn": call `onWarning` and store the data. @default "reject" */
  mode?: "reject" | "warn";
  /**
   * Which findings count. Gaps, extra bars, outliers and stale runs need `timeframe`; without it only the
   * row checks run. @default ["invalid", "duplicates", "outOfOrder"]
   */
  on?: WriteCheckFinding[];
  /** Where warnings go in "warn" mode. @default console.warn of the message */
  onWarning?: (message: string, report: ValidationReport) => void;
}

/** The count of a report that each finding kind reads. */
export const FINDING_COUNTS: Record<WriteCheckFinding, keyof ValidationCounts> = {
  invalid: "invalid",
  duplicates: "duplicates",
  outOfOrder: "outOfOrder",
  gaps: "gaps",
  extraBars: "extraBars",
  outliers: "outliers",
  stale: "staleRuns",
};

/**
 * A write check for the store (`lib.write(symbol, bars, { check })`, also append and update) that validates
 * OHLCV bars before they are stored and rejects them, or warns, on the findings listed in `on`. The check
 * sees the data of the call only: an append's rows are not compared with the stored ones (append itself
 * refuses rows before the stored last index). The store does not import lib/validate; this function only
 * fits the store's generic `check` hook.
 * @throws ValidationError `INVALID_OPTIONS` (when made) for bad options. The check itself throws the store's
 *   InvalidDataError (code `INVALID_DATA`, so batch calls give that item a DataError) naming the symbol, the
 *   findings and the first rows concerned, with a ValidationError (`rows`) as its `cause`; and ValidationError
 *   `MISSING_COLUMN` / `INVALID_COLUMN` for data that is not OHLCV.
 * @example
 * const check = ohlcvWriteCheck({ mode: "reject" });
 * await lib.write("AAPL", bars, { check }); // ValidationError INVALID_DATA when a bar has high < low
 */
export function ohlcvWriteCheck(options: OhlcvWriteCheckOptions = {}): OhlcvWriteCheck {
  const { mode = "reject", on = ["invalid", "duplicates", "outOfOrder"], onWarning = (message: string) => console.warn(message) } = options;
  if (mode !== "reject" && mode !== "warn") {
    throw new ValidationError(`ohlcvWriteCheck: 'mode' must be "reject" or "warn", got ${JSON.stringify(mode)}`, { code: "INVALID_OPTIONS" });
  }
  const unknown = on.filter((f) => !(f in FINDING_COUNTS));
  if (unknown.length) {
    throw new ValidationError(`ohlcvWriteCheck: 'on' has unknown findings ${unknown.map((f) => JSON.stringify(f)).join(", ")}; use ${Object.keys(FINDING_COUNTS).join(", ")}`, { code: "INVALID_OPTIONS" });
  }
  const needsCalendar = on.some((f) => f === "gaps" || f === "extraBars" || f === "outliers" || f === "stale");
  if (needsCalendar && options.timeframe === undefined) {
    throw new ValidationError(`ohlcvWriteCheck: 'on' includes ${on.join(", ")}, which needs a 'timeframe' such as "1m"`, { code: "INVALID_OPTIONS" });
  }
  // Without a timeframe the calendar plays no part: a timeframe over a day skips the calendar checks.
  const resolved: ResolvedOptions = resolveOptions({ ...options, timeframe: options.timeframe ?? "1w" }, "ohlcvWriteCheck");
  return (frame, { library, symbol, operation }) => {
    const report = validateArrays(ohlcvFromFrame(frame, `${operation} check of '${symbol}'`), { ...resolved, maxItems: 3 });
    const found = on.filter((f) => report.counts[FINDING_COUNTS[f]] > 0);
    if (found.length === 0) return;
    const message = `${operation} check of '${symbol}' in '${library}': ${describe(report, found)}`;
    if (mode === "warn") return onWarning(`${message} (stored anyway)`, report);
    const text = `${message}; nothing was stored: fix the data, or pass no check`;
    const rows = rowsOf(report, found);
    const cause = new ValidationError(text, { code: "INVALID_DATA", library, symbol, rows });
    // The store's own error, so batch calls record the refusal per item and the CLI prints it plainly.
    throw new InvalidDataError(text, { library, symbol, row: rows[0], cause });
  };
}

function describe(report: ValidationReport, found: WriteCheckFinding[]): string {
  return describeFindings(report, found).join(", ");
}

/** Each finding of `found` in words, naming counts and the first rows (as a write check reports them). */
export function describeFindings(report: ValidationReport, found: WriteCheckFinding[]): string[] {
  return found
    .map((f) => {
      const n = report.counts[FINDING_COUNTS[f]];
      switch (f) {
        case "invalid":
          return `${n} invalid row(s) (${report.invalid.map((r) => `row ${r.row}: ${r.reason}`).join("; ")})`;
        case "duplicates":
          return `${n} duplicate row(s) (${report.duplicates.map((d) => `${d.timestamp} rows ${d.rows.join(", ")}`).join("; ")})`;
        case "outOfOrder":
          return `${n} row(s) out of time order (rows ${report.outOfOrder.map((r) => r.row).join(", ")})`;
        case "gaps":
          return `${n} gap(s), ${report.counts.missingBars} bar(s) missing`;
        case "extraBars":
          return `${n} bar(s) outside sessions`;
        case "outliers":
          return `${n} outlier return(s) (rows ${report.outliers.map((o) => o.row).join(", ")})`;
        case "stale":
          return `${n} stale run(s)`;
      }
    });
}

function rowsOf(report: ValidationReport, found: WriteCheckFinding[]): number[] {
  const rows: number[] = [];
  if (found.includes("invalid")) rows.push(...report.invalid.map((r) => r.row));
  if (found.includes("duplicates")) rows.push(...report.duplicates.flatMap((d) => d.rows));
  if (found.includes("outOfOrder")) rows.push(...report.outOfOrder.map((r) => r.row));
  return rows;
}
