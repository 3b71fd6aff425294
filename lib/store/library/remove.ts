import { OpenFile, Piece, dataTable } from "../engine";
import { piecesPredicate } from "./readRows";

/**
 * Deletes the rows that no remaining version needs. A version is needed while it is not deleted or a
 * snapshot holds it; a row goes once no needed version's pieces cover it.
 */
export async function collectGarbage(open: OpenFile, symbolId: number): Promise<void> {
  const live = await open.catalog.liveVersionRows(symbolId);
  const ranges: Piece[] = live.flatMap((v) => v.pieces.map((p) => ({ ...p }))).sort((a, b) => a.rowLo - b.rowLo);
  const merged: Piece[] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r.rowLo <= last.rowHi + 1) last.rowHi = Math.max(last.rowHi, r.rowHi);
    else merged.push(r);
  }
  await open.catalog.deleteUnheldRows(symbolId, piecesPredicate(merged));
}

/** Marks every live version older than `version` deleted, then collects garbage. */
export async function pruneOlder(open: OpenFile, symbolId: number, version: number): Promise<void> {
  const older = (await open.catalog.listVersionRows(symbolId)).filter((v) => !v.deleted && v.version < version).map((v) => v.version);
  if (older.length === 0) return;
  await open.catalog.markDeleted(symbolId, older);
  await collectGarbage(open, symbolId);
}
