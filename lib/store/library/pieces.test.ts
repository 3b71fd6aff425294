import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Piece, appendPiece, pieceRows, slicePieces } from "./pieces";

/** The row numbers a list of pieces stands for, in order. */
const expand = (pieces: Piece[]) => pieces.flatMap((p) => Array.from({ length: pieceRows(p) }, (_, i) => p.rowLo + i));

const piecesArb = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 1, max: 8 })), { maxLength: 8 })
  .map((runs) => runs.map(([lo, n]) => ({ rowLo: lo, rowHi: lo + n - 1 })));

describe("pieces", () => {
  it("slicePieces cuts exactly rows [start, end) of the concatenated pieces", () => {
    fc.assert(
      fc.property(piecesArb, fc.nat(60), fc.nat(60), (pieces, a, b) => {
        const [start, end] = [Math.min(a, b), Math.max(a, b)];
        expect(expand(slicePieces(pieces, start, end))).toEqual(expand(pieces).slice(start, end));
      }),
    );
  });

  it("appendPiece keeps the rows in order and merges only pieces that touch", () => {
    fc.assert(
      fc.property(piecesArb, fc.integer({ min: 0, max: 60 }), fc.integer({ min: 1, max: 8 }), (pieces, lo, n) => {
        const piece = { rowLo: lo, rowHi: lo + n - 1 };
        const joined = appendPiece(pieces, piece);
        expect(expand(joined)).toEqual([...expand(pieces), ...expand([piece])]);
        const last = pieces[pieces.length - 1];
        expect(joined.length).toBe(pieces.length + (last && last.rowHi + 1 === lo ? 0 : 1));
      }),
    );
  });
});
