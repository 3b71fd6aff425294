import type { Piece } from "../engine";

export type { Piece };

/** Number of rows in a piece. */
export const pieceRows = (p: Piece) => p.rowHi - p.rowLo + 1;

/** Appends a piece to a version's pieces, merging it with the last one when they touch. */
export function appendPiece(pieces: Piece[], piece: Piece): Piece[] {
  const last = pieces[pieces.length - 1];
  if (last && last.rowHi + 1 === piece.rowLo) return [...pieces.slice(0, -1), { rowLo: last.rowLo, rowHi: piece.rowHi }];
  return [...pieces, piece];
}

/** Cuts rows [start, end) of the concatenated pieces out as pieces. */
export function slicePieces(pieces: Piece[], start: number, end: number): Piece[] {
  const out: Piece[] = [];
  let offset = 0;
  for (const p of pieces) {
    const n = pieceRows(p);
    const lo = Math.max(start - offset, 0);
    const hi = Math.min(end - offset, n);
    if (hi > lo) out.push({ rowLo: p.rowLo + lo, rowHi: p.rowLo + hi - 1 });
    offset += n;
  }
  return out;
}
