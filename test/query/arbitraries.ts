/** fast-check generators shared by the query property tests: small random frames and filter expressions. */
import fc from "fast-check";
import { Expr, col } from "../../lib/store/query";
import { Row } from "./reference";

export const T0 = Date.UTC(2024, 0, 1);
const VENUES = ["A", "B", "ab", "", "Z'q"];

/** A random frame of up to `max` rows from `start`: sorted timestamps (steps of `stepMs` times 0..3), float x with NaN and nulls, int n with nulls, string venue with nulls, bool flag. */
export function frameArb(max = 40, stepMs = 60_000, start = T0) {
  const xv = fc.oneof(fc.integer({ min: -8, max: 12 }).map((v) => v / 4), fc.constant(NaN), fc.constant(null));
  const nv = fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constant(null));
  const vv = fc.oneof(fc.constantFrom(...VENUES), fc.constant(null));
  const bv = fc.oneof(fc.boolean(), fc.constant(null));
  const row = fc.record({ gap: fc.integer({ min: 0, max: 3 }), x: xv, n: nv, venue: vv, flag: bv });
  return fc.array(row, { minLength: 1, maxLength: max }).map((rs) => {
    let t = start;
    // The first row has every column non-null, so each column's type is known.
    rs[0] = { ...rs[0], x: rs[0].x ?? 1, n: rs[0].n ?? 1, venue: rs[0].venue ?? "A", flag: rs[0].flag ?? true };
    return rs.map((r): Row => {
      t += r.gap * stepMs;
      return { timestamp: t, x: r.x, n: r.n, venue: r.venue, flag: r.flag };
    });
  });
}

/** The rows as the column arrays lib.write takes (n as bigints so it is stored as an int column). */
export function toColumns(rows: Row[]) {
  return {
    timestamp: rows.map((r) => new Date(r.timestamp as number)),
    x: rows.map((r) => r.x as number | null),
    n: rows.map((r) => (r.n === null ? null : BigInt(r.n as number))),
    venue: rows.map((r) => r.venue as string | null),
    flag: rows.map((r) => r.flag as boolean | null),
  };
}

const numOperand = fc.oneof(
  fc.constant(col("x")),
  fc.constant(col("n")),
  fc.integer({ min: -3, max: 3 }).map((v) => col("x").add(v)),
  fc.constant(col("x").sub(col("n")).abs()),
  fc.constant(col("n").mul(2)),
  fc.constant(col("x").div(2)),
);
const numValue = fc.oneof(fc.integer({ min: -8, max: 12 }).map((v) => v / 4), fc.constant(NaN));
const cmp = (e: Expr, v: unknown, op: number): Expr => {
  const ops = [e.eq, e.ne, e.lt, e.le, e.gt, e.ge];
  return ops[op].call(e, v as number);
};

/** A random well-typed condition over the columns of {@link frameArb}. */
export const conditionArb: fc.Arbitrary<Expr> = fc.letrec<{ cond: Expr }>((tie) => ({
  cond: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.tuple(numOperand, numValue, fc.integer({ min: 0, max: 5 })).map(([e, v, op]) => cmp(e, v, op)),
    fc.tuple(numOperand, numOperand, fc.integer({ min: 0, max: 5 })).map(([a, b, op]) => cmp(a, b, op)),
    fc.tuple(fc.constantFrom(...VENUES), fc.integer({ min: 0, max: 5 })).map(([v, op]) => cmp(col("venue"), v, op)),
    fc.uniqueArray(fc.constantFrom(...VENUES), { maxLength: 3 }).map((vs) => col("venue").isIn(vs)),
    fc.uniqueArray(fc.integer({ min: -3, max: 3 }), { maxLength: 3 }).map((vs) => col("n").isNotIn(vs)),
    fc.constantFrom("x", "n", "venue", "flag").map((c) => col(c).isNull()),
    fc.constantFrom("x", "n", "venue", "flag").map((c) => col(c).notNull()),
    fc.constantFrom(/^a/i, /b$/, /q/, /^$/).map((re) => col("venue").matches(re)),
    fc.boolean().map((b) => col("flag").eq(b)),
    fc.tuple(tie("cond"), tie("cond")).map(([a, b]) => a.and(b)),
    fc.tuple(tie("cond"), tie("cond")).map(([a, b]) => a.or(b)),
    tie("cond").map((a) => a.not()),
  ),
})).cond;
