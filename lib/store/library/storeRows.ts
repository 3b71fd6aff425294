import { Column } from "../../frame";
import { OpenFile, PhysicalColumn, Piece, SymbolRow, VersionRow, nextCreatedUs } from "../engine";
import { LibraryContext } from "./context";
import { insertRows } from "./insertRows";
import { copyMetadata } from "./metadata";

/**
 * Stores new rows after all of the symbol's existing rows. Returns the version's physical columns (in
 * the version's order) and the piece that covers the new rows (null for zero rows).
 */
export async function storeRows(
  ctx: LibraryContext,
  open: OpenFile,
  symbol: SymbolRow,
  versionColumns: { name: string; type: PhysicalColumn["type"] }[],
  columns: Column[],
  rowCount: number,
): Promise<{ physical: PhysicalColumn[]; piece: Piece | null }> {
  const physical = await open.catalog.physicalColumns(symbol, versionColumns);
  if (rowCount === 0) return { physical, piece: null };
  const first = symbol.nextRow;
  symbol.nextRow += rowCount;
  const byName = new Map(physical.map((p) => [p.name, p]));
  await insertRows(
    open,
    symbol.id,
    first,
    columns.map((column) => ({ column, physical: byName.get(column.name)! })),
    rowCount,
    ctx.tmpDir,
  );
  return { physical, piece: { rowLo: first, rowHi: first + rowCount - 1 } };
}

/** The fields of a new version that the operation decides. */
export type NewVersion = Omit<VersionRow, "symbolId" | "version" | "createdUs" | "deleted">;

/** Records a new version of the symbol (number and creation time assigned here) and saves the counters. */
export async function commitVersion(open: OpenFile, symbol: SymbolRow, fields: NewVersion): Promise<VersionRow> {
  const row: VersionRow = {
    ...fields,
    symbolId: symbol.id,
    version: symbol.nextVersion++,
    createdUs: nextCreatedUs(symbol),
    deleted: false,
  };
  // The catalog caches the row it is given: its metadata must not be the caller's object.
  open.catalog.insertVersion({ ...row, metadata: copyMetadata(row.metadata) });
  open.catalog.saveSymbol(symbol);
  return row;
}
