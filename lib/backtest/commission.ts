import { InvalidOptionError } from "./errors";

/**
 * A broker's commission, charged on entry and again on exit of every trade (backtesting.py's
 * convention): a rate of the order's value (`0.002` = 0.2 %), a `[fixed, rate]` pair (`[100, 0.01]` =
 * $100 plus 1 %), or a function of the order's size in units (negative for sells) and its price,
 * returning cash. Negative rates are rebates.
 */
export type Commission = number | readonly [fixed: number, rate: number] | ((size: number, price: number) => number);

/** Cash charged for an order of `size` units (negative = sell) at `price`. */
export type CommissionFunction = (size: number, price: number) => number;

/**
 * Turns a {@link Commission} into the function the broker calls.
 * @throws InvalidOptionError when the rate is outside [-10 %, 10 %) or the fixed part is negative
 *   (the bounds backtesting.py checks).
 * @example commissionFunction([1, 0.01])(-10, 50) // 1 + 10 * 50 * 0.01 = 6
 */
export function commissionFunction(commission: Commission): CommissionFunction {
  if (typeof commission === "function") return commission;
  const [fixed, rate] = typeof commission === "number" ? [0, commission] : commission;
  if (!Number.isFinite(fixed) || fixed < 0) {
    throw new InvalidOptionError(`backtest: 'commission' fixed part must be cash >= 0, got ${fixed}`, { option: "commission" });
  }
  if (!Number.isFinite(rate) || rate < -0.1 || rate >= 0.1) {
    throw new InvalidOptionError(
      `backtest: 'commission' rate must be between -0.1 (rebates) and 0.1 (fees), got ${rate}; 0.002 means 0.2 %`,
      { option: "commission" },
    );
  }
  if (fixed === 0) return (size, price) => Math.abs(size) * price * rate;
  return (size, price) => fixed + Math.abs(size) * price * rate;
}
