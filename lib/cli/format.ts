/** Text output shared by the commands: aligned tables and CSV. */

/** Output formats of commands that print rows. */
export type OutputFormat = "table" | "csv" | "json";

/**
 * An aligned text table: a header line, then one line per row, columns two spaces apart; columns
 * flagged in `rightAlign` (numbers) are padded on the left. Trailing spaces are trimmed.
 */
export function textTable(header: string[], rows: string[][], rightAlign: boolean[] = []): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => (rightAlign[c] ? cell.padStart(widths[c]) : cell.padEnd(widths[c])))
      .join("  ")
      .trimEnd();
  return [line(header), ...rows.map(line)].join("\n");
}

/** One CSV field (RFC 4180): quoted when it holds a comma, quote, line break or edge spaces. */
export function csvField(text: string): string {
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV record, without the line break. */
export function csvLine(cells: string[]): string {
  return cells.map(csvField).join(",");
}

/** C0 and C1 control characters, DEL, and the bidirectional overrides and isolates that reorder what a terminal shows. */
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Shows control characters as escapes ("\n", "\u001b", "\u009b", "\u202e"), so one value stays on one line
 * and no value can move the cursor, recolour or rewrite the terminal, or reorder what it shows.
 */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (c) => {
    const json = JSON.stringify(c).slice(1, -1);
    return json.length > 1 ? json : `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
  });
}

/** A date as ISO-8601 UTC, or "" for none. */
export function isoOrEmpty(date: Date | null | undefined): string {
  return date ? date.toISOString() : "";
}

/** Pretty JSON for listings and descriptions (Dates become ISO strings). */
export function prettyJson(value: unknown): string {
  return JSON.stringify(value, null, 2);
}
