/**
 * A plain-JS reference model of QueryBuilder's semantics, computed row by row with no SQL: the tests
 * compare what DuckDB computes from the compiled statement with what these functions compute from the
 * same rows. Semantics follow the documented ones: SQL three-valued logic for filters (a row passes when
 * the condition is true), DuckDB's float order (NaN equals NaN and sorts above every number), first/last
 * as the first/last non-null value in row order, sample standard deviation, pandas' bucket edges.
 */
import { ExprNode } from "../../lib/store/query/expr";
import { AggName } from "../../lib/store/query/aggregations";

export type Value = number | string | boolean | null;
export type Row = Record<string, Value>;

/** DuckDB's comparison of two non-null values: numbers with NaN as the largest, NaN equal to NaN. */
function compare(a: Value, b: Value): number {
  if (typeof a === "number" && typeof b === "number") {
    const an = Number.isNaN(a);
    const bn = Number.isNaN(b);
    if (an || bn) return an && bn ? 0 : an ? 1 : -1;
    return a < b ? -1 : a > b ? 1 : 0;
  }
  if (typeof a === "string" && typeof b === "string") {
    // DuckDB compares strings by their UTF-8 bytes.
    const ab = Buffer.from(a, "utf8");
    const bb = Buffer.from(b, "utf8");
    return Buffer.compare(ab, bb);
  }
  return Number(a) - Number(b);
}

/** Evaluates an expression over a row: true/false/null for conditions, a value for arithmetic. */
export function evaluate(n: ExprNode, row: Row): Value {
  switch (n.op) {
    case "col":
      return row[n.name] ?? null;
    case "lit":
      return n.value instanceof Date ? n.value.getTime() : (n.value as Value);
    case "cmp": {
      const a = evaluate(n.left, row);
      const b = evaluate(n.right, row);
      if (a === null || b === null) return null;
      const c = compare(a, b);
      return { "==": c === 0, "!=": c !== 0, "<": c < 0, "<=": c <= 0, ">": c > 0, ">=": c >= 0 }[n.cmp];
    }
    case "arith": {
      const a = evaluate(n.left, row) as number | null;
      const b = evaluate(n.right, row) as number | null;
      if (a === null || b === null) return null;
      return n.fn === "+" ? a + b : n.fn === "-" ? a - b : n.fn === "*" ? a * b : a / b;
    }
    case "abs": {
      const a = evaluate(n.arg, row) as number | null;
      return a === null ? null : Math.abs(a);
    }
    case "and": {
      const vs = n.args.map((a) => evaluate(a, row));
      if (vs.some((v) => v === false)) return false;
      return vs.some((v) => v === null) ? null : true;
    }
    case "or": {
      const vs = n.args.map((a) => evaluate(a, row));
      if (vs.some((v) => v === true)) return true;
      return vs.some((v) => v === null) ? null : false;
    }
    case "not": {
      const v = evaluate(n.arg, row);
      return v === null ? null : !v;
    }
    case "in": {
      const v = evaluate(n.arg, row);
      if (v === null) return null;
      const found = n.values.some((x) => compare(v, x as Value) === 0);
      return n.negate ? !found : found;
    }
    case "null": {
      const v = evaluate(n.arg, row);
      return n.negate ? v !== null : v === null;
    }
    case "regex": {
      const v = evaluate(n.arg, row);
      return v === null ? null : new RegExp(n.pattern, n.flags).test(v as string);
    }
  }
}

/** The rows where the condition is true. */
export function refFilter(rows: Row[], n: ExprNode): Row[] {
  return rows.filter((r) => evaluate(n, r) === true);
}

/** An aggregation over values in row order, as documented (nulls skipped; sum and count of nothing are 0). */
export function refAgg(agg: AggName, values: Value[]): Value {
  const xs = values.filter((v) => v !== null);
  switch (agg) {
    case "count":
      return xs.length;
    case "first":
      return xs.length ? xs[0] : null;
    case "last":
      return xs.length ? xs[xs.length - 1] : null;
    case "sum":
      return (xs as number[]).reduce((a, b) => a + b, 0);
    case "mean":
      return xs.length ? (xs as number[]).reduce((a, b) => a + b, 0) / xs.length : null;
    case "min":
    case "max": {
      if (!xs.length) return null;
      let best = xs[0];
      for (const x of xs) if ((agg === "min" ? compare(x, best) < 0 : compare(x, best) > 0)) best = x;
      return best;
    }
    case "std": {
      if (xs.length < 2) return null;
      const nums = xs as number[];
      const mean = nums.reduce((a, b) => a + b, 0) / nums.length;
      return Math.sqrt(nums.reduce((a, b) => a + (b - mean) ** 2, 0) / (nums.length - 1));
    }
  }
}

export interface RefAgg {
  output: string;
  column: string;
  agg: AggName;
}

/** groupBy: one row per distinct key tuple, sorted by key (nulls last), aggregations in row order. */
export function refGroupBy(rows: Row[], keys: string[], aggs: RefAgg[]): Row[] {
  const groups = new Map<string, Row[]>();
  for (const r of rows) {
    const id = JSON.stringify(keys.map((k) => r[k]));
    if (!groups.has(id)) groups.set(id, []);
    groups.get(id)!.push(r);
  }
  const out = [...groups.values()].map((g) => {
    const row: Row = {};
    for (const k of keys) row[k] = g[0][k];
    for (const a of aggs) row[a.output] = refAgg(a.agg, g.map((r) => r[a.column]));
    return row;
  });
  return out.sort((a, b) => {
    for (const k of keys) {
      const x = a[k];
      const y = b[k];
      if (x === y) continue;
      if (x === null) return 1;
      if (y === null) return -1;
      const c = compare(x, y);
      if (c !== 0) return c;
    }
    return 0;
  });
}

/**
 * Resample with explicit bucket edges: `bucketOf(t)` gives a row's bucket number and `edge(k)` the
 * start of bucket k (edge(k + 1) its end); empty buckets are dropped or kept from the first to the last
 * non-empty bucket (sum/count 0, others null).
 */
export function refResample(
  rows: Row[],
  bucketOf: (t: number) => number | null,
  label: (k: number) => number,
  aggs: RefAgg[],
  keep: boolean,
  allKeys?: (lo: number, hi: number) => number[],
): Row[] {
  const buckets = new Map<number, Row[]>();
  for (const r of rows) {
    const k = bucketOf(r.timestamp as number);
    if (k === null) continue;
    if (!buckets.has(k)) buckets.set(k, []);
    buckets.get(k)!.push(r);
  }
  let keys = [...buckets.keys()].sort((a, b) => a - b);
  if (keep && keys.length) {
    keys = allKeys ? allKeys(keys[0], keys[keys.length - 1]) : Array.from({ length: keys[keys.length - 1] - keys[0] + 1 }, (_, i) => keys[0] + i);
  }
  return keys.map((k) => {
    const g = buckets.get(k) ?? [];
    const row: Row = { timestamp: label(k) };
    for (const a of aggs) {
      const v = refAgg(a.agg, g.map((r) => r[a.column]));
      row[a.output] = g.length === 0 && (a.agg === "sum" || a.agg === "count") ? 0 : v;
    }
    return row;
  });
}

/** The wall-clock time (as epoch ms of the same wall time in UTC) of instant `t` in zone `tz`. */
const formats = new Map<string, Intl.DateTimeFormat>();

export function wallMs(t: number, tz: string): number {
  const format =
    formats.get(tz) ??
    new Intl.DateTimeFormat("en-US", {
    timeZone: tz,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  });
  formats.set(tz, format);
  const parts = format.formatToParts(new Date(Math.floor(t / 1000) * 1000));
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second")) + (t - Math.floor(t / 1000) * 1000);
}

/**
 * The instant whose wall-clock time in `tz` is `wall`, as pandas 1.5 localizes bucket edges
 * (`ambiguous=True`, `nonexistent="shift_forward"`): the earlier one when the wall time repeats. A wall
 * time skipped by a DST change moves to the next whole wall hour H, turned into an instant with the
 * offset at H read as UTC when the zone's local mean time was east of UTC, else with the offset after the
 * first change after H read as UTC (pandas' tz_localize_to_utc).
 */
export function instantOfWall(wall: number, tz: string): number {
  let best: number | null = null;
  // Offsets lie within ±14 h: try every quarter hour and keep the earliest instant that matches.
  for (let off = -14 * 60; off <= 14 * 60; off += 15) {
    const t = wall - off * 60_000;
    if (wallMs(t, tz) === wall && (best === null || t < best)) best = t;
  }
  if (best !== null) return best;
  const offsetAt = (t: number) => wallMs(t, tz) - t;
  // The change: walk minute by minute from well before to the first instant whose wall time is past `wall`.
  let change = wall - 15 * 3600_000;
  while (!(wallMs(change, tz) > wall && wallMs(change - 60_000, tz) < wall)) change += 60_000;
  const hour = Math.floor(wall / 3600_000) * 3600_000 + 3600_000;
  const eastward = offsetAt(Date.UTC(1811, 6, 4)) > 0;
  // After the gap's change, the next one (months later) returns to the offset before it.
  const off = eastward ? offsetAt(hour) : hour < change ? offsetAt(change) : offsetAt(change - 60_000);
  return hour - off;
}

/**
 * Rows bucketed between edges: edge `k`'s instant is `edge(k)`; a row belongs to the last edge at or
 * before it (closed "left") or strictly before it (closed "right"), found by walking from the guess `k0`.
 */
export function edgeBucketOf(edge: (k: number) => number, closed: "left" | "right", guess: (t: number) => number): (t: number) => number {
  const inside = (t: number, e: number) => (closed === "left" ? e <= t : e < t);
  return (t) => {
    let k = guess(t);
    while (!inside(t, edge(k))) k--;
    while (inside(t, edge(k + 1))) k++;
    return k;
  };
}

/** Normalises a read Table to rows of plain values (timestamps as epoch ms). */
export function tableRows(t: { objects(): object[] }): Row[] {
  return t.objects().map((o) => {
    const row: Row = {};
    for (const [k, v] of Object.entries(o)) row[k] = v instanceof Date ? v.getTime() : typeof v === "bigint" ? Number(v) : (v as Value);
    return row;
  });
}

/** True when two values agree: exactly, or within a relative 1e-9 for floats (sums in another order). */
export function close(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (typeof a === "number" && typeof b === "number") {
    if (Number.isNaN(a) && Number.isNaN(b)) return true;
    return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
  }
  return false;
}

/** Asserts two row lists agree (same length, same columns, values {@link close}); throws with the first difference. */
export function expectRows(actual: Row[], expected: Row[], context = ""): void {
  const fail = (msg: string) => {
    throw new Error(`${context}${msg}\nactual:   ${JSON.stringify(actual.slice(0, 8))}\nexpected: ${JSON.stringify(expected.slice(0, 8))}`);
  };
  if (actual.length !== expected.length) fail(`row count ${actual.length} != ${expected.length}`);
  for (let i = 0; i < actual.length; i++) {
    const keys = Object.keys(expected[i]);
    if (Object.keys(actual[i]).join() !== keys.join()) fail(`row ${i}: columns ${Object.keys(actual[i])} != ${keys}`);
    for (const k of keys) if (!close(actual[i][k], expected[i][k])) fail(`row ${i} column ${k}: ${actual[i][k]} != ${expected[i][k]}`);
  }
}
