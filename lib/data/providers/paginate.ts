import type { OhlcvBar as Bar } from "../../market";
import { ProviderError } from "./ProviderError";

/** Options of {@link paginate}. */
export interface PaginateOptions {
  provider: string;
  /** First open time wanted (inclusive, epoch ms). */
  start: number;
  /** End of the range (exclusive, epoch ms). */
  end: number;
  /** The most bars one page can hold (the request's `limit`). A shorter page ends the range. */
  limit: number;
  /**
   * "forward": pages go from `start` up (Binance: oldest first from startTime);
   * "backward": pages go from `end` down (Bybit: a page is the newest `limit` bars at or before `end`).
   */
  direction: "forward" | "backward";
  /** Fetches the bars with open time in [from, to] (both inclusive, as providers take them). */
  fetchPage: (from: number, to: number) => Promise<Bar[]>;
  /** Safety stop. @default 100000 */
  maxPages?: number;
}

/**
 * Fetches every bar of [start, end) page by page. Each page starts right after (forward) or right before
 * (backward) the last bar received, so no bar is asked for twice; a page shorter than `limit` means the range
 * is exhausted. Returns the bars unsorted and possibly with duplicates; {@link barsTable} sorts and
 * de-duplicates.
 * @throws ProviderError MALFORMED when a full page does not move past the previous one (the provider
 *   ignored the range), so the loop cannot spin forever.
 * @example await paginate({ provider: "binance", start, end, limit: 1000, direction: "forward", fetchPage })
 */
export async function paginate(options: PaginateOptions): Promise<Bar[]> {
  const { provider, start, end, limit, direction, fetchPage, maxPages = 100_000 } = options;
  const bars: Bar[] = [];
  let from = start;
  let to = end - 1;
  for (let page = 0; from <= to; page++) {
    if (page >= maxPages) throw new ProviderError(`${provider}: more than ${maxPages} pages for one range; stopped`, { code: "MALFORMED", provider });
    const got = await fetchPage(from, to);
    for (const bar of got) bars.push(bar);
    if (got.length < limit) break;
    if (direction === "forward") {
      const last = Math.max(...got.map((b) => b.timestamp));
      if (last < from) throw new ProviderError(`${provider}: a full page ended at ${new Date(last).toISOString()}, before the requested start ${new Date(from).toISOString()}`, { code: "MALFORMED", provider });
      from = last + 1;
    } else {
      const first = Math.min(...got.map((b) => b.timestamp));
      if (first > to) throw new ProviderError(`${provider}: a full page began at ${new Date(first).toISOString()}, after the requested end ${new Date(to).toISOString()}`, { code: "MALFORMED", provider });
      to = first - 1;
    }
  }
  return bars;
}
