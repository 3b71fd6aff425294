import { pyPow } from "../pyMath";
import { drawdown, drawdownPeriods } from "./drawdown";
import { covariance, geometricMean, mean, sum, variance } from "./means";
import { annualisation, ceilDuration, dataPeriod, periodicReturns, type Annualisation } from "./period";
import { tradeColumns, type TradeColumns } from "./tradeColumns";
import type { Stats, TradeRecord } from "./types";

const DAY = 86_400_000;

/** Inputs of {@link computeStats}. */
export interface StatsInput {
  /** Equity at each bar's close (no NaN). */
  equity: ArrayLike<number>;
  /** The traded instrument's closes, for buy & hold, alpha and beta. */
  close: ArrayLike<number>;
  /** Bar times (epoch ms), or null for row-indexed data (durations in bars, no annualised figures). */
  timestamp: ArrayLike<number> | null;
  /** Closed trades, as records or columns. */
  trades: readonly TradeRecord[] | TradeColumns;
  /** First bar the strategy could trade (indicator warm-up): buy & hold is measured from its close. @default 0 */
  firstTradingBar?: number;
  /** Annual risk-free rate as a fraction, for Sharpe, Sortino and alpha. @default 0 */
  riskFreeRate?: number;
}

/**
 * Computes backtesting.py's statistics of an equity curve and its trades, with the definitions of its
 * release 0.6.6: annualised return from the geometric mean of the returns from one calendar day (or
 * week/month/year) to the next, volatility from the compounded variance, Sharpe = annual return /
 * volatility, Sortino from downside deviation, Calmar = annual return / max drawdown, CAGR over the
 * calendar duration in years of 365.25 days,
 * beta from log returns against the instrument, Jensen's alpha, SQN = sqrt(n) mean(PnL) / std(PnL),
 * Kelly = win rate - loss rate / (avg win / avg loss).
 * @example computeStats({ equity, close, timestamp, trades })["Sharpe Ratio"]
 */
export function computeStats(input: StatsInput): Stats {
  const { equity, close, timestamp, firstTradingBar = 0, riskFreeRate = 0 } = input;
  const trades = tradeColumns(input.trades);
  const n = equity.length;
  const time = timestamp ?? Float64Array.from({ length: n }, (_, i) => i);
  const series = timestamp ? timeFacts(timestamp) : null;
  const periodMs = series ? series.periodMs : 1;
  const roundDuration = (ms: number) => (timestamp ? ceilDuration(ms, periodMs) : ms);

  const dd = drawdown(equity);
  const periods = drawdownPeriods(dd, time);
  const { pnl, returnPct: returns, duration: durations } = trades;

  const exposed = new Uint8Array(n);
  for (let k = 0; k < trades.length; k++) exposed.fill(1, trades.entryBar[k], trades.exitBar[k] + 1);
  let exposedBars = 0;
  for (let i = 0; i < n; i++) exposedBars += exposed[i];

  let peak = -Infinity;
  for (let i = 0; i < n; i++) if (equity[i] > peak) peak = equity[i];
  let commissions = 0;
  for (let k = 0; k < trades.length; k++) commissions += trades.commission[k];
  const returnPct = ((equity[n - 1] - equity[0]) / equity[0]) * 100;
  const c0 = close[firstTradingBar];
  const buyHold = ((close[close.length - 1] - c0) / c0) * 100;

  let periodReturns: Float64Array = Float64Array.of(NaN);
  let gmean = 0;
  let perYear = NaN;
  if (timestamp && series) {
    const a = series.annualisation;
    perYear = a.periodsPerYear;
    periodReturns = periodicReturns(equity, timestamp, a.bucket);
    gmean = geometricMean(periodReturns);
  }
  // Without timestamps perYear is NaN and gmean 0: Python's 1 ** nan is 1, so Return (Ann.) is 0
  const annualReturn = pyPow(1 + gmean, perYear) - 1;
  const ddof = timestamp ? 1 : 0;
  const volatility = Math.sqrt((variance(periodReturns, ddof) + (1 + gmean) ** 2) ** perYear - (1 + gmean) ** (2 * perYear)) * 100;
  let cagr = NaN;
  if (timestamp) {
    // calendar years of 365.25 days, from the duration's whole days and seconds as pandas' Timedelta has them
    const ms = time[n - 1] - time[0];
    const days = Math.floor(ms / DAY);
    const years = (days + Math.floor((ms - days * DAY) / 1000) / 86_400) / 365.25;
    cagr = years ? ((equity[n - 1] / equity[0]) ** (1 / years) - 1) * 100 : NaN;
  }
  // np.mean(day_returns.clip(-np.inf, 0) ** 2): pairwise, as pandas
  const downside = mean(periodReturns.map((r) => Math.min(r, 0) ** 2));
  const maxDd = Math.max(0, nanToZero(maxOf(dd)));

  let beta = NaN;
  if (n - 1 > 1) {
    const market = marketFacts(close);
    const logEquity = new Float64Array(n - 1);
    for (let i = 1; i < n; i++) logEquity[i - 1] = Math.log(equity[i] / equity[i - 1]);
    beta = covariance(logEquity, market.logReturns) / market.variance;
  }

  const tradeCount = trades.length;
  // backtesting.py's pl[pl > 0].mean(), returns[returns > 0].sum(), ...: pandas sums, pairwise
  const wins = pnl.filter((p) => p > 0);
  const losses = pnl.filter((p) => p < 0);
  const positive = sum(returns.filter((r) => r > 0));
  const negative = Math.abs(sum(returns.filter((r) => r < 0)));
  const winRate = tradeCount ? wins.length / tradeCount : NaN;
  const avgWin = mean(wins);
  const avgLoss = -mean(losses);
  const pnlStd = Math.sqrt(variance(pnl));

  const stats: Stats = {
    Start: time[0],
    End: time[n - 1],
    Duration: time[n - 1] - time[0],
    "Exposure Time [%]": (exposedBars / n) * 100,
    "Equity Final [$]": equity[n - 1],
    "Equity Peak [$]": peak,
    "Return [%]": returnPct,
    "Buy & Hold Return [%]": buyHold,
    "Return (Ann.) [%]": annualReturn * 100,
    "Volatility (Ann.) [%]": volatility,
    "CAGR [%]": cagr,
    "Sharpe Ratio": (annualReturn * 100 - riskFreeRate * 100) / (volatility || NaN),
    "Sortino Ratio": (annualReturn - riskFreeRate) / (Math.sqrt(downside) * Math.sqrt(perYear)),
    "Calmar Ratio": annualReturn / (maxDd || NaN),
    "Alpha [%]": returnPct - riskFreeRate * 100 - beta * (buyHold - riskFreeRate * 100),
    Beta: beta,
    "Max. Drawdown [%]": -maxDd * 100,
    "Avg. Drawdown [%]": -mean(periods.peak) * 100,
    "Max. Drawdown Duration": roundDuration(maxOf(periods.duration)),
    "Avg. Drawdown Duration": roundDuration(mean(periods.duration)),
    "# Trades": tradeCount,
    "Win Rate [%]": winRate * 100,
    "Best Trade [%]": maxOf(returns) * 100,
    "Worst Trade [%]": minOf(returns) * 100,
    "Avg. Trade [%]": geometricMean(returns) * 100,
    "Max. Trade Duration": roundDuration(maxOf(durations)),
    "Avg. Trade Duration": roundDuration(mean(durations)),
    "Profit Factor": positive / (negative || NaN),
    "Expectancy [%]": mean(returns) * 100,
    SQN: (Math.sqrt(tradeCount) * mean(pnl)) / (pnlStd || NaN),
    "Kelly Criterion": winRate - (1 - winRate) / (avgWin / avgLoss),
  };
  if (commissions) {
    const ordered: Partial<Stats> = {};
    for (const [key, value] of Object.entries(stats)) {
      (ordered as Record<string, number>)[key] = value;
      if (key === "Equity Peak [$]") ordered["Commissions [$]"] = commissions;
    }
    return ordered as Stats;
  }
  return stats;
}

function maxOf(values: ArrayLike<number>): number {
  let max = NaN;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isNaN(v) && !(v <= max)) max = v;
  }
  return max;
}

function nanToZero(x: number): number {
  return Number.isNaN(x) ? 0 : x;
}

function minOf(values: ArrayLike<number>): number {
  let min = NaN;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isNaN(v) && !(v >= min)) min = v;
  }
  return min;
}

/** What depends only on the bar times: cached per timestamp array, so a sweep computes it once. */
const timeCache = new WeakMap<object, { annualisation: Annualisation; periodMs: number }>();
function timeFacts(timestamp: ArrayLike<number>) {
  let facts = timeCache.get(timestamp as object);
  if (!facts) {
    facts = { annualisation: annualisation(timestamp), periodMs: dataPeriod(timestamp) };
    timeCache.set(timestamp as object, facts);
  }
  return facts;
}

/** The instrument's log returns and their variance: cached per close array. */
const marketCache = new WeakMap<object, { logReturns: Float64Array; variance: number }>();
function marketFacts(close: ArrayLike<number>) {
  let facts = marketCache.get(close as object);
  if (!facts) {
    const logReturns = new Float64Array(close.length - 1);
    for (let i = 1; i < close.length; i++) logReturns[i - 1] = Math.log(close[i] / close[i - 1]);
    facts = { logReturns, variance: covariance(logReturns, logReturns) };
    marketCache.set(close as object, facts);
  }
  return facts;
}
