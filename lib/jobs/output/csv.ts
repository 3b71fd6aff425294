import { parseCsv as splitCsvCells, typeColumnsWithIndex } from "../../data";

/**
 * Parses a job's CSV table with lib/data's reader and typing rules, the same as `quantlab import`
 * (RFC 4180 quoting, a header line, each column typed by its first value: numbers with spaces trimmed and
 * nan/inf, ISO dates and date-times, true/false, else text; a value that does not fit its column is an
 * error naming its line and column; empty cells are null). The column named exactly `timestamp`, when
 * there is one, is the time index.
 * @param source what the text is, for messages: "stdout" or "QUANTLAB_OUTPUT file".
 * @throws ImportError (BAD_VALUE, RAGGED_ROW, BAD_QUOTE, NO_TIMESTAMP, EMPTY) naming the line and column;
 *   Error for binary data, an empty or duplicate column name.
 * @example parseCsv("timestamp,close\n2024-01-02,101.5\n") // { timestamp: TimestampArray [...], close: Float64Array [101.5] }
 */
export function parseCsv(text: string, source = "stdout"): Record<string, ArrayLike<unknown>> {
  const binary = /[\u0000-\u0008\u000e-\u001f]/.exec(text);
  if (binary) throw new Error(`holds the control character U+${binary[0].charCodeAt(0).toString(16).padStart(4, "0")}: not a text table`);
  const csv = splitCsvCells(text, source, { delimiter: ",", header: true });
  const seen = new Set<string>();
  csv.names.forEach((name, i) => {
    if (name === "") throw new Error(`column ${i + 1} of the header has no name`);
    if (seen.has(name)) throw new Error(`the header names column '${name}' twice`);
    seen.add(name);
  });
  return Object.fromEntries(typeColumnsWithIndex(csv, source, csv.names.indexOf("timestamp")));
}
