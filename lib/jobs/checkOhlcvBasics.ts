import { Table } from "../frame";

/** A check of a run's table before it is stored: returns the problems found (empty when fine). */
export type OutputValidator = (table: Table, context: { job: string; symbol: string }) => string[];

const PRICES = ["open", "high", "low", "close"] as const;

/**
 * The runner's default validator, a small local OHLCV integrity check for tables that have the columns
 * open, high, low and close (others pass untouched): every price finite, high >= max(open, close, low),
 * low <= min(open, close), volume (when present) finite and >= 0, and the `timestamp` index (when present)
 * strictly increasing. Reports up to `limit` problems, each naming row and column. A fuller check
 * (gaps, outliers, calendars) is lib/validate's validateOhlcv, which can be passed as a validator.
 * @example checkOhlcvBasics(table, { job: "bars", symbol: "SPY" }) // ["row 3: high 99.5 is below close 100.25"]
 */
export function checkOhlcvBasics(table: Table, _context?: { job: string; symbol: string }, limit = 5): string[] {
  const names = new Set(table.columnNames());
  if (!PRICES.every((p) => names.has(p))) return [];
  const [open, high, low, close] = PRICES.map((p) => table.array(p) as ArrayLike<number | null>);
  const volume = names.has("volume") ? (table.array("volume") as ArrayLike<number | null>) : null;
  const time = names.has("timestamp") ? (table.array("timestamp") as ArrayLike<unknown>) : null;
  const problems: string[] = [];
  const add = (text: string) => problems.length < limit && problems.push(text);
  for (let i = 0; i < table.numRows() && problems.length < limit; i++) {
    const bad = PRICES.find((p, k) => !Number.isFinite([open, high, low, close][k][i] as number));
    if (bad) {
      add(`row ${i}: ${bad} is ${String([open, high, low, close][PRICES.indexOf(bad)][i])}, not a finite price`);
      continue;
    }
    const [o, h, l, c] = [open[i]!, high[i]!, low[i]!, close[i]!];
    if (h < Math.max(o, c, l)) add(`row ${i}: high ${h} is below ${h < o ? `open ${o}` : h < c ? `close ${c}` : `low ${l}`}`);
    if (l > Math.min(o, c)) add(`row ${i}: low ${l} is above ${l > o ? `open ${o}` : `close ${c}`}`);
    if (volume && volume[i] !== null && !(Number(volume[i]) >= 0 && Number.isFinite(Number(volume[i])))) add(`row ${i}: volume is ${volume[i]}, not a count >= 0`);
    if (time && i > 0 && !(Number(time[i]) > Number(time[i - 1]))) {
      add(`row ${i}: timestamp ${new Date(Number(time[i])).toISOString()} does not come after row ${i - 1}'s ${new Date(Number(time[i - 1])).toISOString()}`);
    }
  }
  return problems;
}
