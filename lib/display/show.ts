import { FrameInput, Table } from "../frame";
import { getDisplayOptions } from "./displayOptions";
import { emitDisplay, MimeBundle } from "./emit";
import { tableHtml } from "./tableHtml";
import { tablePreview } from "./tablePreview";
import { tableText } from "./tableText";

/** Options of {@link show}. */
export interface ShowOptions {
  /**
   * How many rows to show. A longer table shows its first half and its last half of these, with a "…"
   * row between. @default the display options' `rows` (10, see setDisplayOptions)
   */
  rows?: number;
  /** A caption above the table. @default none */
  title?: string;
}

/**
 * A table's display without showing it: an HTML table and aligned plain text (see {@link show}). What a
 * cell whose last expression is a Table shows.
 * @throws InvalidDataError when `data` is not a table-like value; RangeError for a bad `rows`.
 */
export function tableBundle(data: Table | FrameInput, options: ShowOptions = {}): MimeBundle {
  const { rows = getDisplayOptions().rows, title } = options;
  if (!Number.isInteger(rows) || rows < 1) throw new RangeError(`show: 'rows' must be a positive integer, got ${String(rows)}`);
  const preview = tablePreview(data, rows);
  return { "text/plain": tableText(preview, title), "text/html": tableHtml(preview, title) };
}

/**
 * Displays a table: in a notebook as an HTML table with each column's type under its name and the row
 * count below (plain text for consoles that cannot render HTML); in a script, as aligned text on stdout.
 * Accepts an arquero Table (what the store returns) or anything the store accepts as data. A Table that
 * is a cell's last expression shows the same way without `show`.
 * Timestamps show in UTC, or in the zone set with setDisplayOptions; columns the store returns show
 * their stored type (an int column is `int`); floats show to the display precision (6 decimals at most),
 * the data keeping every bit. Nothing is copied beyond the rows shown.
 * @throws InvalidDataError when `data` is not a table-like value.
 * @example show((await lib.read("AAPL")).data, { rows: 6 });
 */
export function show(data: Table | FrameInput, options: ShowOptions = {}): void {
  emitDisplay(tableBundle(data, options));
}
