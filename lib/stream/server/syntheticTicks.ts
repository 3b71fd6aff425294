import { normalFrom, seededRandom } from "../../data";
import type { Tick } from "../Tick";
import type { TickSource } from "./TickSource";

/** Options of {@link syntheticTicks}. */
export interface SyntheticOptions {
  /** @default ["BTCUSD", "ETHUSD"] */
  symbols?: string[];
  /** Seed of the random walk and the trade times: the same seed and pull times give the same trades. @default 1 */
  seed?: number;
  /** Mean trades per second per symbol (scaled by the intraday shape). @default 20 */
  ticksPerSecond?: number;
  /** First price of each symbol. @default 100 for all */
  startPrice?: number;
  /** Standard deviation of the log return per trade. @default 0.0004 */
  volatility?: number;
}

const DAY = 86_400_000;

/**
 * Activity over the UTC day: a U shape, busiest at the day's start and end (the open and close of a
 * market session mapped onto the UTC day), about 0.6x the mean at midday and 2.2x at the edges.
 */
export function intradayShape(ts: number): number {
  const x = (((ts % DAY) + DAY) % DAY) / DAY;
  return 0.6 + 1.6 * (2 * x - 1) * (2 * x - 1);
}

/**
 * Synthetic trades: per symbol a seeded geometric random walk, trade counts following an intraday
 * U-shaped activity curve, trade sizes log-normal and scaled by the same curve. Exchange time is the
 * wall time (the source is its own exchange); timestamps are spread at random inside each pulled interval.
 * @example const src = syntheticTicks({ seed: 7 }); const out: Tick[] = []; src.pull(Date.now(), out)
 */
export function syntheticTicks(options: SyntheticOptions = {}): TickSource {
  const { symbols = ["BTCUSD", "ETHUSD"], seed = 1, ticksPerSecond = 20, startPrice = 100, volatility = 0.0004 } = options;
  const uniform = seededRandom(seed);
  const normal = normalFrom(uniform);
  const prices = symbols.map(() => startPrice);
  const owed = symbols.map(() => 0);
  let last = NaN;
  const times: number[] = [];
  return {
    done: false,
    clock: (wallNow: number) => wallNow,
    pull(wallNow: number, out: Tick[]): void {
      if (Number.isNaN(last)) {
        last = wallNow;
        return;
      }
      const dt = wallNow - last;
      if (dt <= 0) return;
      const shape = intradayShape(wallNow);
      const from = out.length;
      for (let k = 0; k < symbols.length; k++) {
        owed[k] += (ticksPerSecond * dt * shape) / 1000;
        const n = Math.floor(owed[k]);
        owed[k] -= n;
        times.length = 0;
        for (let i = 0; i < n; i++) times.push(last + uniform() * dt);
        times.sort((a, b) => a - b);
        for (const t of times) {
          prices[k] *= Math.exp(volatility * normal());
          const size = Math.round(Math.exp(0.8 * normal()) * shape * 1000) / 1000;
          out.push({ symbol: symbols[k], timestamp: Math.round(t * 1000) / 1000, price: Math.round(prices[k] * 100) / 100, size });
        }
      }
      // One batch in time order across symbols.
      if (symbols.length > 1) {
        const batch = out.splice(from).sort((a, b) => (a.timestamp as number) - (b.timestamp as number));
        for (const t of batch) out.push(t);
      }
      last = wallNow;
    },
  };
}
