import { TimestampArray, Table, toTable } from "../../frame";
import type { CorporateAction, OhlcvBar as Bar } from "../../market";
import { numberField } from "./parseFields";
import { ProviderError } from "./ProviderError";

/*
 * Yahoo's chart answer with `events=div,splits` (the shape yfinance and yahoo-finance2 document) adds
 *   chart.result[0].events = {
 *     dividends: { "<epoch s>": { amount, date } },
 *     splits:    { "<epoch s>": { date, numerator, denominator, splitRatio: "4:1" } } }
 * keyed and dated by the ex-date's session open in exchange time. Yahoo reports history adjusted for every
 * split it knows of: open/high/low/close (and dividend amounts) before a split are divided by its ratio,
 * volumes multiplied. `adjclose` is that close also adjusted for dividends.
 */

/**
 * The splits and dividends of a chart answer, one action per ex-date labelled by session date (00:00 UTC,
 * as {@link parseChart} labels bars), sorted; amounts as Yahoo reports them (split-adjusted). Empty when
 * the answer has no `events`.
 * @throws ProviderError MALFORMED naming the event and field that is not a positive number.
 * @example parseChartEvents(body, "AAPL", url) // [{ timestamp: Date.UTC(2020, 7, 31), dividend: 0, split: 4 }]
 */
export function parseChartEvents(body: unknown, symbol: string, url: string): CorporateAction[] {
  const provider = "yahoo";
  const result = (body as { chart?: { result?: Record<string, unknown>[] } } | null)?.chart?.result?.[0];
  const events = result?.events as { dividends?: Record<string, unknown>; splits?: Record<string, unknown> } | undefined;
  if (!events) return [];
  const offsetMs = Number((result?.meta as { gmtoffset?: unknown } | undefined)?.gmtoffset ?? 0) * 1000;
  const byDate = new Map<number, CorporateAction>();
  const at = (seconds: number) => {
    const date = Math.floor((seconds * 1000 + offsetMs) / 86_400_000) * 86_400_000;
    let action = byDate.get(date);
    if (!action) byDate.set(date, (action = { timestamp: date, dividend: 0, split: 1 }));
    return action;
  };
  const entries = (kind: "dividends" | "splits") => {
    const map = events[kind];
    if (map === undefined || map === null) return [];
    if (typeof map !== "object") throw new ProviderError(`yahoo: ${symbol} 'events.${kind}' is not an object`, { code: "MALFORMED", provider, url });
    return Object.entries(map).map(([key, event], row) => {
      const field = (name: string) => numberField((event as Record<string, unknown> | null)?.[name], { provider, symbol, row, field: `events.${kind}.${key}.${name}`, url });
      const positive = (name: string) => {
        const value = field(name);
        if (value > 0) return value;
        throw new ProviderError(`yahoo: ${symbol} 'events.${kind}.${key}.${name}' must be > 0, got ${value}`, { code: "MALFORMED", provider, url });
      };
      return { field, positive };
    });
  };
  for (const { field, positive } of entries("dividends")) at(field("date")).dividend += positive("amount");
  for (const { field, positive } of entries("splits")) at(field("date")).split *= positive("numerator") / positive("denominator");
  return [...byDate.values()].sort((a, b) => a.timestamp - b.timestamp);
}

/**
 * Undoes Yahoo's split adjustment, so bars and dividends are as traded on their day: a bar (or dividend)
 * before a split of ratio r has its prices (amount) multiplied by r and its volume divided by r, for each
 * split in `actions` after it. Splits Yahoo applied but did not report (after the fetched range) cannot be
 * undone here; the adapter asks for them separately.
 * @example unadjustSplits([{ timestamp: 0, open: 100, high: 100, low: 100, close: 100, volume: 40 }], [{ timestamp: 1, dividend: 0, split: 4 }]).bars[0].close // 400
 */
export function unadjustSplits(bars: readonly Bar[], actions: readonly CorporateAction[]): { bars: Bar[]; actions: CorporateAction[] } {
  const splits = actions.filter((a) => a.split !== 1);
  const ratioAfter = (t: number) => splits.reduce((r, s) => (s.timestamp > t ? r * s.split : r), 1);
  const outBars = bars.map((bar) => {
    const r = ratioAfter(bar.timestamp);
    return r === 1 ? bar : { timestamp: bar.timestamp, open: bar.open * r, high: bar.high * r, low: bar.low * r, close: bar.close * r, volume: bar.volume / r };
  });
  const outActions = actions.map((a) => (a.dividend === 0 ? a : { ...a, dividend: a.dividend * ratioAfter(a.timestamp) }));
  return { bars: outBars, actions: outActions };
}

/**
 * Actions as a Table of {@link ACTION_COLUMNS} (timestamp, dividend, split), the layout of `<symbol>.actions`.
 * @example actionsTable([{ timestamp: Date.UTC(2020, 7, 31), dividend: 0, split: 4 }]).numRows() // 1
 */
export function actionsTable(actions: readonly CorporateAction[]): Table {
  const n = actions.length;
  const timestamp = new TimestampArray(n);
  const dividend = new Float64Array(n);
  const split = new Float64Array(n);
  actions.forEach((a, i) => {
    timestamp[i] = a.timestamp;
    dividend[i] = a.dividend;
    split[i] = a.split;
  });
  return toTable([["timestamp", timestamp], ["dividend", dividend], ["split", split]]);
}
