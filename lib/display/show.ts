import { FrameInput, Table } from "../frame";
import { emitDisplay } from "./emit";
import { tableHtml } from "./tableHtml";
import { tablePreview } from "./tablePreview";
import { tableText } from "./tableText";

/** Options of {@link show}. */
export interface ShowOptions {
  /**
   * How many rows to show. A longer table shows its first half and its last half of these, with a "…"
   * row between. @default 10
   */
  rows?: number;
  /** A caption above the table. @default none */
  title?: string;
}

/**
 * Displays a table: in a notebook as an HTML table with each column's type under its name and the row
 * count below (plain text for consoles that cannot render HTML); in a script, as aligned text on stdout.
 * Accepts an arquero Table (what the store returns) or anything the store accepts as data.
 * Timestamps show in UTC. Nothing is copied beyond the rows shown.
 * @throws InvalidDataError when `data` is not a table-like value.
 * @example show((await lib.read("AAPL")).data, { rows: 6 });
 */
export function show(data: Table | FrameInput, options: ShowOptions = {}): void {
  const { rows = 10, title } = options;
  if (!Number.isInteger(rows) || rows < 1) throw new RangeError(`show: 'rows' must be a positive integer, got ${String(rows)}`);
  const preview = tablePreview(data, rows);
  emitDisplay({ "text/plain": tableText(preview, title), "text/html": tableHtml(preview, title) });
}
