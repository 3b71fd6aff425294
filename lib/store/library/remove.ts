import { OpenFile } from "../engine/StoreFile";
import { Piece, dataTable, liveVersionRows, listVersionRows, markDeleted } from "./catalog";
import { piecesPredicate } from "./readRows";

/**
 * Deletes the rows that no remaining version needs. A version is needed while it is not deleted or a
 * snapshot holds it; a row goes once no needed version's pieces cover it.
 */
export async function collectGarbage(open: OpenFile, symbolId: number): Promise<void> {
  const live = await liveVersionRows(open, symbolId);
  const ranges: Piece[] = live.flatMap((v) => v.pieces.map((p) => ({ ...p }))).sort((a, b) => a.rowLo - b.rowLo);
  const merged: Piece[] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r.rowLo <= last.rowHi + 1) last.rowHi = Math.max(last.rowHi, r.rowHi);
    else merged.push(r);
  }
  await open.connection.run(`DELETE FROM ${dataTable(symbolId)} WHERE NOT (${piecesPredicate(merged)})`);
}

/** Marks every live version older than `version` deleted, then collects garbage. */
export async function pruneOlder(open: OpenFile, symbolId: number, version: number): Promise<void> {
  const older = (await listVersionRows(open, symbolId)).filter((v) => !v.deleted && v.version < version).map((v) => v.version);
  if (older.length === 0) return;
  await markDeleted(open, symbolId, older);
  await collectGarbage(open, symbolId);
}
