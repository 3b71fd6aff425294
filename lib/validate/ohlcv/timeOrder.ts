import { NO_TIME_BIT } from "./invalidRows";

/** Time order of the rows: whether they are sorted, and if not, which rows break the order. */
export interface TimeOrder {
  /** True when the timestamps never decrease (rows without a time are skipped). */
  sorted: boolean;
  /**
   * The rows that have a time, sorted by (timestamp, row); null when `sorted` (then row order is time
   * order). The sequence checks (gaps, outliers, stale runs) walk this order.
   */
  order: Int32Array | null;
  /** 1 for each out-of-order row; null when sorted. */
  outOfOrder: Uint8Array | null;
  outOfOrderCount: number;
}

/**
 * Checks time order in one pass; only unsorted data pays for more: the out-of-order rows are the
 * fewest rows whose removal leaves the rest non-decreasing (the complement of a longest non-decreasing
 * subsequence, O(n log n)), so a bar moved away from its place counts once, not every bar it jumped over.
 * Rows flagged {@link NO_TIME_BIT} have no time and take no part.
 */
export function timeOrder(t: Float64Array, flags: Uint8Array): TimeOrder {
  const n = t.length;
  let previous = -Infinity;
  let sorted = true;
  for (let i = 0; i < n; i++) {
    if (flags[i] & NO_TIME_BIT) continue;
    if (t[i] < previous) {
      sorted = false;
      break;
    }
    previous = t[i];
  }
  if (sorted) return { sorted, order: null, outOfOrder: null, outOfOrderCount: 0 };
  const timed: number[] = [];
  for (let i = 0; i < n; i++) if (!(flags[i] & NO_TIME_BIT)) timed.push(i);
  const order = Int32Array.from(timed).sort((a, b) => t[a] - t[b] || a - b);
  const { mask, count } = outOfOrderRows(t, timed);
  return { sorted, order, outOfOrder: mask, outOfOrderCount: count };
}

/** Marks the rows outside one longest non-decreasing subsequence of `t` over `rows` (patience method). */
function outOfOrderRows(t: Float64Array, rows: number[]): { mask: Uint8Array; count: number } {
  const m = rows.length;
  const tails = new Int32Array(m); // tails[k]: position (in rows) ending the best subsequence of length k + 1
  const parent = new Int32Array(m).fill(-1);
  let length = 0;
  for (let p = 0; p < m; p++) {
    const x = t[rows[p]];
    let lo = 0;
    let hi = length;
    if (length > 0 && x >= t[rows[tails[length - 1]]]) lo = length;
    else {
      // first tail whose time is > x (non-decreasing: equal times extend)
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (t[rows[tails[mid]]] <= x) lo = mid + 1;
        else hi = mid;
      }
    }
    parent[p] = lo > 0 ? tails[lo - 1] : -1;
    tails[lo] = p;
    if (lo === length) length++;
  }
  const mask = new Uint8Array(t.length);
  for (const row of rows) mask[row] = 1;
  for (let p = length > 0 ? tails[length - 1] : -1; p >= 0; p = parent[p]) mask[rows[p]] = 0;
  return { mask, count: m - length };
}
