import { columnValues, Table, toTable } from "../frame";
import type { CorporateAction } from "../market";

/**
 * Sample data with corporate actions: turns a series that has none (e.g. from {@link generateBars}) into the
 * prices a market would have printed had `actions` happened. From each ex-date on, prices are divided by a
 * split's ratio and volumes multiplied by it; a dividend lowers prices from its ex-date on by the factor
 * 1 - dividend / (printed close of the bar before). Other columns are kept.
 *
 * The result is what a store holds as traded bars; reading it back with `adjust: "all"` (with the actions
 * stored in `<symbol>.actions`) gives the input series times one constant (the product of every factor),
 * and `adjust: "splits"` gives it with the dividend drops still in. Actions before the first bar change
 * nothing; a dividend as large as the close before it is refused.
 * @throws RangeError naming the action whose dividend is not below the close it is paid from.
 * @example
 * const bars = generateBars({ timeframe: "1d", start: "2020-01-01", end: "2024-01-01", calendar: "XNYS", seed: 11, startPrice: 400 });
 * const traded = applyActions(bars, [{ timestamp: Date.UTC(2022, 6, 18), dividend: 0, split: 4 }]);
 */
export function applyActions(bars: Table, actions: readonly CorporateAction[]): Table {
  const t = columnValues(bars, "timestamp") as ArrayLike<number>;
  const ordered = [...actions].sort((a, b) => a.timestamp - b.timestamp);
  const n = bars.numRows();
  const price = new Float64Array(n);
  const volume = new Float64Array(n);
  const close = columnValues(bars, "close") as ArrayLike<number>;
  let priceFactor = 1;
  let splitFactor = 1;
  let next = 0;
  while (next < ordered.length && n > 0 && ordered[next].timestamp <= t[0]) next++;
  for (let i = 0; i < n; i++) {
    while (next < ordered.length && ordered[next].timestamp <= t[i]) {
      const action = ordered[next++];
      if (action.dividend !== 0) {
        const printed = close[i - 1] * priceFactor;
        if (!(action.dividend < printed)) {
          throw new RangeError(`applyActions: the dividend ${action.dividend} of ${new Date(action.timestamp).toISOString()} is not below the close ${printed} before it`);
        }
        priceFactor *= 1 - action.dividend / printed;
      }
      priceFactor /= action.split;
      splitFactor *= action.split;
    }
    price[i] = priceFactor;
    volume[i] = splitFactor;
  }
  const columns = bars.columnNames().map((name): [string, ArrayLike<unknown>] => {
    const values = columnValues(bars, name) as ArrayLike<number>;
    const factor = ["open", "high", "low", "close"].includes(name) ? price : name === "volume" ? volume : null;
    return [name, factor === null ? values : Float64Array.from(values, (v, i) => v * factor[i])];
  });
  return toTable(columns);
}
