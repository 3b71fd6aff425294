import { ImportError, splitCsvRows } from "../../data";
import { TimestampArray, parseIsoUs } from "../../frame";

/**
 * Splits CSV text (RFC 4180: quoted fields with "" escapes and line breaks, CRLF or LF) into records,
 * with lib/data's CSV splitter (comma-separated, header included).
 * @throws Error naming the line of an unclosed quote.
 */
export function splitCsv(text: string): string[][] {
  if (!text.includes('"')) {
    // No quoted fields: lines and commas are all the structure there is (the common, fast case).
    const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    return body.split(/\r\n|\n|\r/).filter((line) => line !== "").map((line) => line.split(","));
  }
  try {
    return splitCsvRows(text, ",", "CSV").rows;
  } catch (error) {
    if (error instanceof ImportError && error.code === "BAD_QUOTE") throw new Error(`line ${error.line}: a quoted field is not closed`);
    throw error;
  }
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$|^[+-]?(NaN|Infinity|inf|nan)$/;
const BOOL = /^(true|false)$/i;
const DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Types one CSV column from its cells: numbers (float), booleans, ISO dates/times (UTC unless they carry an
 * offset; kept to the microsecond) or else strings; an empty cell is null. The `timestamp` column is left
 * as text for the store, which reads it as the index.
 */
function typeColumn(name: string, cells: string[]): ArrayLike<unknown> {
  const present = cells.filter((c) => c !== "");
  const nulls = present.length < cells.length;
  if (name === "timestamp") return cells.map((c) => (c === "" ? null : c));
  if (present.length === 0) return cells.map(() => null);
  if (present.every((c) => NUMBER.test(c))) {
    const value = (c: string) => (/^[+-]?(inf|Infinity)$/i.test(c) ? (c[0] === "-" ? -Infinity : Infinity) : /nan/i.test(c) ? NaN : Number(c));
    return nulls ? cells.map((c) => (c === "" ? null : value(c))) : Float64Array.from(cells, value);
  }
  if (present.every((c) => BOOL.test(c))) return cells.map((c) => (c === "" ? null : c.toLowerCase() === "true"));
  if (present.every((c) => DATE.test(c) && !Number.isNaN(parseIsoUs(c)))) {
    return nulls ? cells.map((c) => (c === "" ? null : new Date(parseIsoUs(c) / 1000))) : TimestampArray.from(cells, (c) => parseIsoUs(c) / 1000);
  }
  return cells.map((c) => (c === "" ? null : c));
}

/**
 * Parses a CSV table with a header line into columns the store accepts, typing each column from its cells.
 * @throws Error for binary data, no header, an empty or duplicate column name, or a record with another number of
 *   fields than the header (naming its data row, 0-based).
 * @example parseCsv("timestamp,close\n2024-01-02,101.5\n") // { timestamp: ["2024-01-02"], close: Float64Array [101.5] }
 */
export function parseCsv(text: string): Record<string, ArrayLike<unknown>> {
  const binary = /[\u0000-\u0008\u000e-\u001f]/.exec(text);
  if (binary) throw new Error(`holds the control character U+${binary[0].charCodeAt(0).toString(16).padStart(4, "0")}: not a text table`);
  const [header, ...records] = splitCsv(text);
  if (!header) throw new Error("no header line");
  header.forEach((name, i) => {
    if (name.trim() === "") throw new Error(`column ${i + 1} of the header has no name`);
  });
  records.forEach((r, row) => {
    if (r.length !== header.length) throw new Error(`row ${row} has ${r.length} fields, the header has ${header.length}`);
  });
  const out: Record<string, ArrayLike<unknown>> = {};
  header.forEach((rawName, c) => {
    const name = rawName.trim();
    if (name in out) throw new Error(`the header names column '${name}' twice`);
    out[name] = typeColumn(name, records.map((r) => r[c]));
  });
  return out;
}
