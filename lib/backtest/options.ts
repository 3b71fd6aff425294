import { Commission, commissionFunction } from "./commission";
import { InvalidOptionError } from "./errors";
import type { RunSettings } from "./runStrategy";

/** The broker and engine options shared by {@link backtest}, {@link signalBacktest} and {@link optimize}. */
export interface BrokerOptions {
  /** Starting cash. @default 10_000 */
  cash?: number;
  /** Commission on entry and on exit: a rate, `[fixed, rate]` or a function (see {@link Commission}). @default 0 */
  commission?: Commission;
  /** Bid-ask spread as a fraction of price, paid on entries (buys fill higher, sells lower). @default 0 */
  spread?: number;
  /** Margin requirement, 1 / leverage (0.02 = 50:1). @default 1 (no leverage) */
  margin?: number;
  /** Fill market orders at the close of the bar they were placed on instead of the next bar's open. @default false */
  tradeOnClose?: boolean;
  /** Let long and short trades coexist; otherwise an opposite order first closes open trades (FIFO). @default false */
  hedging?: boolean;
  /** Each new order cancels pending orders and closes open trades first: at most one trade at a time. @default false */
  exclusiveOrders?: boolean;
  /** Close trades still open at the end on the last bar, so they count in the statistics. @default false */
  finalizeTrades?: boolean;
  /** Annual risk-free rate (fraction) for Sharpe, Sortino and alpha. @default 0 */
  riskFreeRate?: number;
}

/** Defaults of {@link BrokerOptions}, in one place (backtesting.py's defaults). */
export const BROKER_DEFAULTS = {
  cash: 10_000,
  commission: 0 as Commission,
  spread: 0,
  margin: 1,
  tradeOnClose: false,
  hedging: false,
  exclusiveOrders: false,
  finalizeTrades: false,
  riskFreeRate: 0,
};

/**
 * Validates broker options and fills in defaults.
 * @throws InvalidOptionError naming the option and the value.
 */
export function runSettings(options: BrokerOptions, component = "backtest"): RunSettings & { riskFreeRate: number } {
  const o = { ...BROKER_DEFAULTS, ...stripUndefined(options) };
  const fail = (option: string, rule: string) =>
    new InvalidOptionError(`${component}: '${option}' ${rule}, got ${JSON.stringify((o as Record<string, unknown>)[option])}`, { option });
  if (!(typeof o.cash === "number" && o.cash > 0 && Number.isFinite(o.cash))) throw fail("cash", "must be a positive amount");
  if (!(typeof o.spread === "number" && o.spread >= 0 && o.spread < 1)) throw fail("spread", "must be a fraction of price in [0, 1)");
  if (!(typeof o.margin === "number" && o.margin > 0 && o.margin <= 1)) throw fail("margin", "must be in (0, 1] (1 / leverage)");
  if (!(typeof o.riskFreeRate === "number" && o.riskFreeRate > -1 && o.riskFreeRate < 1)) throw fail("riskFreeRate", "must be a fraction in (-1, 1)");
  for (const flag of ["tradeOnClose", "hedging", "exclusiveOrders", "finalizeTrades"] as const) {
    if (typeof o[flag] !== "boolean") throw fail(flag, "must be true or false");
  }
  if (!(typeof o.commission === "number" || typeof o.commission === "function" || (Array.isArray(o.commission) && o.commission.length === 2))) {
    throw fail("commission", "must be a rate, a [fixed, rate] pair or a function (size, price) => cash");
  }
  return {
    cash: o.cash,
    commission: commissionFunction(o.commission),
    commissionTerms: typeof o.commission === "number" ? [0, o.commission] : Array.isArray(o.commission) ? [o.commission[0], o.commission[1]] : undefined,
    spread: o.spread,
    margin: o.margin,
    tradeOnClose: o.tradeOnClose,
    hedging: o.hedging,
    exclusiveOrders: o.exclusiveOrders,
    finalizeTrades: o.finalizeTrades,
    riskFreeRate: o.riskFreeRate,
  };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}
