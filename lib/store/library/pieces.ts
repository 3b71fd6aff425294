/**
 * A run of stored rows that belongs to a version: rows numbered rowLo..rowHi (inclusive) in the symbol's
 * data table. Every insert numbers its rows after all earlier ones, and rows are never rewritten, so a
 * version is an ordered list of such runs: write gives one, append adds one (merged with the last when
 * they touch), update splits the runs around the replaced span.
 */
export interface Piece {
  rowLo: number;
  rowHi: number;
}

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
