import { SchemaError } from "../../errors";
import { Column, INDEX_COLUMN } from "../../frame";
import { OpenFile, PhysicalColumn, Piece, VersionRow, dataTable, physicalName } from "../engine";
import { PreparedFrame, alignColumns } from "./prepare";
import { piecesPredicate } from "./readRows";

/**
 * {@link alignColumns} for an append or update of `latest`, where a column that holds no value in the
 * rows the new version keeps (`kept`: all of them on append, those outside the replaced span on update)
 * takes the type of the new data: a column that was all null when the symbol was written (and so got a
 * type from no value) can receive strings, booleans or times later. The check runs only when a column's
 * type does not convert, so it costs nothing otherwise. The index column is never retyped.
 * @throws SchemaError as alignColumns does, for a column that holds values.
 */
export async function alignToVersion(
  open: OpenFile,
  latest: VersionRow,
  kept: Piece[],
  prepared: PreparedFrame,
  dynamicSchema: boolean,
  library: string,
  symbol: string,
): Promise<{ versionColumns: { name: string; type: PhysicalColumn["type"] }[]; columns: Column[] }> {
  const retype = new Set<string>();
  for (;;) {
    try {
      return alignColumns(latest.columns, prepared, dynamicSchema, library, symbol, retype);
    } catch (error) {
      const name = error instanceof SchemaError ? error.column : undefined;
      const stored = latest.columns.find((c) => c.name === name);
      const given = prepared.frame.columns.some((c) => c.name === name);
      if (!name || !stored || !given || name === INDEX_COLUMN || retype.has(name)) throw error;
      if (await holdsValue(open, latest.symbolId, stored, kept)) throw error;
      retype.add(name);
    }
  }
}

/** True when some row of `pieces` has a value (not null) in the column; NaN is a value. */
async function holdsValue(open: OpenFile, symbolId: number, column: PhysicalColumn, pieces: Piece[]): Promise<boolean> {
  if (pieces.length === 0) return false;
  const sql = `SELECT 1 FROM ${dataTable(symbolId)} WHERE (${piecesPredicate(pieces)}) AND ${physicalName(column.id)} IS NOT NULL LIMIT 1`;
  return (await open.connection.rows(sql)).length > 0;
}
