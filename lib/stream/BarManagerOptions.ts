import type { Library } from "../store";
import { calendar as calendarByName } from "../market";
import type { Calendar, CalendarName } from "../market";
import { StreamError } from "./StreamError";
import { parseTimeframe, TimeframeError, type Timeframe } from "../market";

/** Options of `new BarManager(...)`. Every field but `timeframes` has a default. */
export interface BarManagerOptions {
  /** Timeframes to build for every symbol, e.g. ["1s", "1m", "5m", "1h", "1d", "1M", "100t", "5000v"]. */
  timeframes: string[];
  /**
   * Exchange calendar: daily and longer bars follow its sessions, intraday bars align to each session's
   * open, and ticks outside every session are rejected ("outsideSession"). @default none: 24/7, UTC-aligned
   */
  calendar?: Calendar | CalendarName;
  /** Bars kept in memory per symbol and timeframe (ring buffer); older ones spill to `store` or are dropped. @default 10000 */
  maxBarsInMemory?: number;
  /**
   * Library that closed bars spill to, as symbol `<symbol>.<timeframe>` (e.g. "BTCUSD.1m") with columns
   * timestamp, open, high, low, close, volume. Conventionally the library "bars". @default none (no spill)
   */
  store?: Library;
  /** Closed bars per append to the store. @default 500, at most maxBarsInMemory / 2 */
  spillBatchSize?: number;
  /**
   * A tick up to this many ms older than the symbol's newest tick still counts: it re-opens its closed bar
   * (an `update` event with `reopened: true`). Older ticks are dropped and counted as late, and so are
   * ticks inside the stored bars a `seed` loaded (they are final). @default 1000
   */
  lateTickGraceMs?: number;
  /** Emit flagged empty bars (flat at the previous close, volume 0) for periods without ticks. @default false */
  emptyBars?: boolean;
  /** A gap needing more empty bars than this is left unfilled (counted in stats). @default 1000 */
  maxEmptyBars?: number;
  /**
   * Most symbols the manager holds (each costs one ring per timeframe). A valid tick of a new symbol
   * beyond it is rejected ("symbolLimit", counted in stats().rejected); symbols already held carry on, and
   * backfill of a new symbol beyond it throws `SYMBOL_LIMIT`. `Infinity` lifts the cap. @default 10000
   */
  maxSymbols?: number;
  /** Reject a tick more than this fraction away from the symbol's last price ("jump"). @default 0.2 */
  maxDeviation?: number;
  /**
   * A genuine move beyond maxDeviation (a gap after news, a reopening after a halt) is accepted once this
   * many ticks in a row, with no accepted tick between them, agree on the new level (each within
   * maxDeviation of the first): the last of them goes into bars and becomes the reference price, the ones
   * before stay rejected as "jump". A lone bad print is still rejected. `Infinity`: never accept a jump
   * (every later tick is rejected until the price comes back). @default 3
   */
  jumpConfirmTicks?: number;
  /** Reject a tick stamped more than this many ms after the wall clock ("future"). @default 60000 */
  maxFutureMs?: number;
  /**
   * A heartbeat (`heartbeat()`, what a piped feed calls with its exchange clock) more than this many ms ahead of the manager's
   * exchange clock is rejected and counted (stats().heartbeats.rejected) and closes nothing. The clock is
   * the newest accepted tick time or accepted heartbeat, whichever is later; before either, the wall
   * clock (`now`). A heartbeat is also rejected when it is more than `maxFutureMs` ahead of the wall clock,
   * like a tick. Heartbeats behind the clock are accepted (they close nothing new). @default 300000 (5 minutes)
   */
  maxClockSkewMs?: number;
  /** health() says "stale" when no tick arrived for this long (wall clock). @default 10000 */
  staleAfterMs?: number;
  /** Wall clock, used only for the future check and staleness, never for bars. @default Date.now */
  now?: () => number;
}

/** The options with defaults applied and checked. */
export interface ResolvedOptions {
  timeframes: Timeframe[];
  calendar: Calendar | undefined;
  maxBarsInMemory: number;
  maxSymbols: number;
  store: Library | undefined;
  spillBatchSize: number;
  lateTickGraceMs: number;
  maxEmptyBars: number;
  maxDeviation: number;
  jumpConfirmTicks: number;
  maxFutureMs: number;
  maxClockSkewMs: number;
  staleAfterMs: number;
  now: () => number;
}

function fail(name: string, rule: string, value: unknown): never {
  const shown = typeof value === "string" ? JSON.stringify(value) : String(value);
  throw new StreamError(`BarManager: '${name}' must be ${rule}, got ${shown}`, { code: "INVALID_OPTION" });
}

function number(name: string, value: unknown, fallback: number, rule: string, ok: (n: number) => boolean): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !ok(value)) fail(name, rule, value);
  return value;
}

/** Parses one bar timeframe in lib/market's grammar; its error becomes StreamError `INVALID_TIMEFRAME`. */
function barTimeframe(text: string): Timeframe {
  try {
    return parseTimeframe(text, { what: "BarManager: timeframe" });
  } catch (error) {
    if (error instanceof TimeframeError) throw new StreamError(error.message, { code: "INVALID_TIMEFRAME", timeframe: error.timeframe });
    throw error;
  }
}

/**
 * Applies the defaults of {@link BarManagerOptions} and checks every field once.
 * @throws StreamError `INVALID_OPTION` (or `INVALID_TIMEFRAME`) naming the option and quoting the value.
 */
export function resolveOptions(options: BarManagerOptions): ResolvedOptions {
  if (options === null || typeof options !== "object") fail("options", "an object with at least 'timeframes'", options);
  const list = options.timeframes;
  if (!Array.isArray(list) || list.length === 0) fail("timeframes", 'a non-empty array such as ["1m", "5m"]', list);
  const timeframes = list.map(barTimeframe);
  const seen = new Map<string, string>();
  for (const tf of timeframes) {
    // "5m", "5min" and "300s" are one timeframe; "1d" (a session with a calendar) is not "24h".
    const key = Number.isFinite(tf.ms) ? `${tf.kind}:${tf.ms}` : tf.canonical;
    const same = seen.get(key);
    if (same !== undefined) fail("timeframes", `free of duplicates (${JSON.stringify(same)} and ${JSON.stringify(tf.label)} are one timeframe)`, tf.label);
    seen.set(key, tf.label);
  }
  let cal: Calendar | undefined;
  if (typeof options.calendar === "string") cal = calendarByName(options.calendar);
  else if (options.calendar !== undefined) {
    if (typeof options.calendar.sessions !== "function") fail("calendar", 'a Calendar or a name such as "XNYS"', options.calendar);
    cal = options.calendar;
  }
  const maxBarsInMemory = number("maxBarsInMemory", options.maxBarsInMemory, 10_000, "an integer >= 2", (n) => Number.isInteger(n) && n >= 2);
  const batch = number("spillBatchSize", options.spillBatchSize, 500, "an integer >= 1", (n) => Number.isInteger(n) && n >= 1);
  const store = options.store;
  if (store !== undefined && (store === null || typeof store.append !== "function")) fail("store", "a Library (await arctic.getLibrary(\"bars\", { createIfMissing: true }))", store);
  return {
    timeframes,
    calendar: cal,
    maxBarsInMemory,
    maxSymbols: number("maxSymbols", options.maxSymbols, 10_000, "an integer >= 1, or Infinity", (n) => (Number.isInteger(n) && n >= 1) || n === Infinity),
    store,
    spillBatchSize: Math.max(1, Math.min(batch, Math.floor(maxBarsInMemory / 2))),
    lateTickGraceMs: number("lateTickGraceMs", options.lateTickGraceMs, 1000, "a number >= 0", (n) => n >= 0),
    maxEmptyBars: options.emptyBars ? number("maxEmptyBars", options.maxEmptyBars, 1000, "an integer >= 1", (n) => Number.isInteger(n) && n >= 1) : 0,
    maxDeviation: number("maxDeviation", options.maxDeviation, 0.2, "a number > 0 (Infinity turns the check off)", (n) => n > 0),
    jumpConfirmTicks: number("jumpConfirmTicks", options.jumpConfirmTicks, 3, "an integer >= 2, or Infinity", (n) => (Number.isInteger(n) && n >= 2) || n === Infinity),
    maxFutureMs: number("maxFutureMs", options.maxFutureMs, 60_000, "a number >= 0 (Infinity turns the check off)", (n) => n >= 0),
    maxClockSkewMs: number("maxClockSkewMs", options.maxClockSkewMs, 300_000, "a number >= 0 (Infinity turns the check off)", (n) => n >= 0),
    staleAfterMs: number("staleAfterMs", options.staleAfterMs, 10_000, "a number > 0", (n) => n > 0),
    now: typeof options.now === "function" ? options.now : Date.now,
  };
}
