import type { Library } from "../../store";
import { StreamError } from "../StreamError";
import type { Tick } from "../Tick";
import type { TickSource } from "./TickSource";

/** A stored symbol to replay: ticks (price, size) or bars (close, volume). */
export interface ReplaySpec {
  library: Library;
  symbol: string;
  /** Data time per wall time: 60 plays a minute per second; Infinity sends as fast as possible. @default 1 */
  speed?: number;
  /** Symbol name put on the trades. @default symbol */
  as?: string;
}

/** Most trades sent per pull at infinite speed. */
const BURST = 5_000;

/**
 * Reads a stored symbol and replays it at `speed` from the first pull: a row is sent once the replay
 * clock (first timestamp + elapsed wall time × speed) reaches its timestamp. Uses the columns `price` and
 * `size` when present, else `close` and `volume` (a bar becomes one trade at its close).
 * @throws StreamError `SOURCE_FAILED` when the symbol has no timestamp index or no price/close column;
 *   the store's errors (SymbolNotFoundError, ...) pass through.
 */
export async function replayTicks(spec: ReplaySpec): Promise<TickSource> {
  const speed = spec.speed ?? 1;
  if (!(speed > 0)) throw new StreamError(`startFeedServer: replay 'speed' must be > 0, got ${String(spec.speed)}`, { code: "INVALID_OPTION" });
  const { data } = await spec.library.read(spec.symbol);
  const names = data.columnNames();
  const priceName = names.includes("price") ? "price" : names.includes("close") ? "close" : undefined;
  const sizeName = names.includes("size") ? "size" : names.includes("volume") ? "volume" : undefined;
  if (!names.includes("timestamp") || !priceName) {
    throw new StreamError(`startFeedServer: cannot replay '${spec.symbol}': it needs a timestamp index and a 'price' or 'close' column, it has ${names.join(", ")}`, { code: "SOURCE_FAILED", symbol: spec.symbol });
  }
  const ts = data.array("timestamp") as ArrayLike<number>;
  const price = data.array(priceName) as ArrayLike<number>;
  const size = sizeName ? (data.array(sizeName) as ArrayLike<number>) : undefined;
  const name = spec.as ?? spec.symbol;
  const n = data.numRows();
  let next = 0;
  let startWall = NaN;
  const first = n > 0 ? Number(ts[0]) : 0;
  const source = {
    done: n === 0,
    clock(wallNow: number): number {
      if (Number.isNaN(startWall)) return first;
      return speed === Infinity ? (next > 0 ? Number(ts[next - 1]) : first) : first + (wallNow - startWall) * speed;
    },
    pull(wallNow: number, out: Tick[]): void {
      if (Number.isNaN(startWall)) startWall = wallNow;
      const until = speed === Infinity ? Infinity : first + (wallNow - startWall) * speed;
      const stop = speed === Infinity ? Math.min(n, next + BURST) : n;
      while (next < stop && Number(ts[next]) <= until) {
        out.push({ symbol: name, timestamp: Number(ts[next]), price: Number(price[next]), size: size ? Number(size[next]) : 0 });
        next++;
      }
      if (next >= n) source.done = true;
    },
  };
  return source;
}
