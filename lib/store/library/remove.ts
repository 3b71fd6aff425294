import { OpenFile } from "../engine/StoreFile";
import { dataTable, liveVersionRows, listVersionRows, markDeleted } from "./catalog";

/**
 * Deletes the rows that no remaining version needs. A version is needed while it is not deleted or a
 * snapshot holds it; rows are kept per segment, so a segment goes once no needed version refers to it.
 */
export async function collectGarbage(open: OpenFile, symbolId: number): Promise<void> {
  const live = await liveVersionRows(open, symbolId);
  const ranges: [number, number][] = [];
  for (const version of live) for (const p of version.pieces) ranges.push([p.segLo, p.segHi]);
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1] + 1) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  const keep = merged.map(([lo, hi]) => (lo === hi ? `_seg = ${lo}` : `_seg BETWEEN ${lo} AND ${hi}`)).join(" OR ");
  await open.connection.run(`DELETE FROM ${dataTable(symbolId)}${keep ? ` WHERE NOT (${keep})` : ""}`);
}

/** Marks every live version older than `version` deleted, then collects garbage. */
export async function pruneOlder(open: OpenFile, symbolId: number, version: number): Promise<void> {
  const older = (await listVersionRows(open, symbolId)).filter((v) => !v.deleted && v.version < version).map((v) => v.version);
  if (older.length === 0) return;
  await markDeleted(open, symbolId, older);
  await collectGarbage(open, symbolId);
}
