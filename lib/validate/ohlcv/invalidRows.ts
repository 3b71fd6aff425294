import type { OhlcvArrays, OhlcvName } from "./ohlcvColumns";
import type { InvalidCode } from "./ValidationReport";

/** Bit of each invalid code in the per-row flags of {@link flagInvalidRows}. */
export const INVALID_BITS: Record<InvalidCode, number> = {
  MISSING: 1,
  NOT_FINITE: 2,
  NON_POSITIVE_PRICE: 4,
  NEGATIVE_VOLUME: 8,
  HIGH_BELOW_BODY: 16,
  LOW_ABOVE_BODY: 32,
  HIGH_BELOW_LOW: 64,
};

/** Bit set when the row's timestamp is missing or not finite (the row has no place in time). */
export const NO_TIME_BIT = 128;

const CODES = Object.keys(INVALID_BITS) as InvalidCode[];

/**
 * One pass over the rows: per row a bit set of {@link INVALID_BITS} (0 = a valid bar) and the count of
 * invalid rows. A row is invalid when a value is null, NaN or infinite, a price is <= 0, volume < 0,
 * high < max(open, close), low > min(open, close) or high < low. Rows whose timestamp is missing also
 * get {@link NO_TIME_BIT}.
 */
export function flagInvalidRows(a: OhlcvArrays): RowFlags {
  const { rows, timestamp: t, open: o, high: h, low: l, close: c, volume: v } = a;
  const flags = new Uint8Array(rows);
  let count = 0;
  let previous = -Infinity;
  let descending = false;
  let repeated = false;
  for (let i = 0; i < rows; i++) {
    const oi = o[i];
    const hi = h[i];
    const li = l[i];
    const ci = c[i];
    const vi = v === null ? 0 : v[i];
    const ti = t[i];
    if (ti <= previous) {
      if (ti < previous) descending = true;
      else repeated = true;
    }
    if (ti === ti) previous = ti; // a NaN time must not hide the order of the rows around it
    // Fast path: l > 0 and h < ∞ bound every price, so all are finite and positive; NaN fails a comparison.
    if (li > 0 && hi < Infinity && hi >= oi && hi >= ci && li <= oi && li <= ci && vi >= 0 && vi < Infinity && ti - ti === 0) continue;
    flags[i] = rowFlags(ti, oi, hi, li, ci, v === null ? null : vi);
    if (flags[i] !== 0) count++;
  }
  // A null timestamp reads as 0 and may look out of order: the order checks skip such rows themselves.
  const hasNulls = applyNulls(a, flags);
  if (hasNulls) {
    count = 0;
    for (let i = 0; i < rows; i++) if (flags[i] !== 0) count++;
  }
  return { flags, count, maybeUnsorted: descending || hasNulls, maybeDuplicates: repeated || descending || hasNulls };
}

/** Per-row flags, the invalid count, and hints from the same pass that let sorted, unique data skip the order checks. */
export interface RowFlags {
  flags: Uint8Array;
  count: number;
  /** False only when the timestamps certainly never decrease. */
  maybeUnsorted: boolean;
  /** False only when no two timestamps are certainly equal. */
  maybeDuplicates: boolean;
}

function rowFlags(t: number, o: number, h: number, l: number, c: number, v: number | null): number {
  let bits = 0;
  const prices = [o, h, l, c];
  if (!prices.every(Number.isFinite) || (v !== null && !Number.isFinite(v))) bits |= INVALID_BITS.NOT_FINITE;
  if (!Number.isFinite(t)) bits |= INVALID_BITS.NOT_FINITE | NO_TIME_BIT;
  if (prices.some((p) => p <= 0)) bits |= INVALID_BITS.NON_POSITIVE_PRICE;
  if (v !== null && v < 0) bits |= INVALID_BITS.NEGATIVE_VOLUME;
  if (h < Math.max(o, c)) bits |= INVALID_BITS.HIGH_BELOW_BODY;
  if (l > Math.min(o, c)) bits |= INVALID_BITS.LOW_ABOVE_BODY;
  if (h < l) bits |= INVALID_BITS.HIGH_BELOW_LOW;
  return bits;
}

/** Nulls: MISSING, and the value checks of that row do not count (a null reads as 0 in the arrays). */
function applyNulls(a: OhlcvArrays, flags: Uint8Array): boolean {
  const masks = Object.entries(a.valid) as [OhlcvName, Uint8Array][];
  if (masks.length === 0) return false;
  for (let i = 0; i < a.rows; i++) {
    let missing = false;
    let noTime = false;
    for (const [name, mask] of masks) {
      if (mask[i]) continue;
      missing = true;
      if (name === "timestamp") noTime = true;
    }
    if (!missing) continue;
    const keep = flags[i] & (INVALID_BITS.NOT_FINITE | NO_TIME_BIT);
    flags[i] = keep | INVALID_BITS.MISSING | (noTime ? NO_TIME_BIT : 0) | valueBits(a, i);
  }
  return true;
}

/** The value checks of row i over the columns that are present. */
function valueBits(a: OhlcvArrays, i: number): number {
  const present = (name: OhlcvName) => !a.valid[name] || a.valid[name]![i] === 1;
  const get = (name: "open" | "high" | "low" | "close") => (present(name) ? a[name][i] : NaN);
  const o = get("open");
  const h = get("high");
  const l = get("low");
  const c = get("close");
  const v = a.volume !== null && present("volume") ? a.volume[i] : null;
  let bits = rowFlags(0, o, h, l, c, v) & ~INVALID_BITS.NOT_FINITE;
  // NaN stands for "missing" above; keep NOT_FINITE only for values that are present and not finite.
  for (const name of ["open", "high", "low", "close"] as const) if (present(name) && !Number.isFinite(a[name][i])) bits |= INVALID_BITS.NOT_FINITE;
  if (v !== null && !Number.isFinite(v)) bits |= INVALID_BITS.NOT_FINITE;
  return bits;
}

/** The codes of a flag set, in a fixed order. */
export function invalidCodes(bits: number): InvalidCode[] {
  return CODES.filter((code) => (bits & INVALID_BITS[code]) !== 0);
}

/** The reasons of an invalid row in words, naming columns and values. */
export function invalidReason(a: OhlcvArrays, i: number, bits: number): string {
  const present = (name: OhlcvName) => a.names[name] !== null && (!a.valid[name] || a.valid[name]![i] === 1);
  const parts: string[] = [];
  const named: OhlcvName[] = ["timestamp", "open", "high", "low", "close", "volume"];
  const value = (name: OhlcvName) => (name === "volume" ? a.volume![i] : a[name as "open"][i]);
  if (bits & INVALID_BITS.MISSING) {
    parts.push(...named.filter((n) => a.names[n] !== null && !present(n)).map((n) => `${a.names[n]} is null`));
  }
  if (bits & INVALID_BITS.NOT_FINITE) {
    parts.push(...named.filter((n) => present(n) && !Number.isFinite(value(n))).map((n) => `${a.names[n]} is ${value(n)}`));
  }
  if (bits & INVALID_BITS.NON_POSITIVE_PRICE) {
    const prices: OhlcvName[] = ["open", "high", "low", "close"];
    parts.push(...prices.filter((n) => present(n) && value(n) <= 0).map((n) => `${a.names[n]} ${value(n)} <= 0`));
  }
  if (bits & INVALID_BITS.NEGATIVE_VOLUME) parts.push(`${a.names.volume} ${a.volume![i]} < 0`);
  const [o, h, l, c] = [a.open[i], a.high[i], a.low[i], a.close[i]];
  if (bits & INVALID_BITS.HIGH_BELOW_BODY) parts.push(`high ${h} < max(open, close) ${Math.max(o, c)}`);
  if (bits & INVALID_BITS.LOW_ABOVE_BODY) parts.push(`low ${l} > min(open, close) ${Math.min(o, c)}`);
  if (bits & INVALID_BITS.HIGH_BELOW_LOW) parts.push(`high ${h} < low ${l}`);
  return parts.join("; ");
}
