import { calendar as calendarByName, parseTimeframe, TimeframeError } from "../../market";
import type { Calendar, CalendarName, Timeframe } from "../../market";
import type { Library } from "../../store";
import { BarManager } from "../BarManager";
import { toMs } from "../barsQuery";
import { StreamError } from "../StreamError";
import type { BaseBarSource } from "./readBaseBars";

/** A column of a higher timeframe that can be put beside the base bars. */
export type AlignedColumn = "open" | "high" | "low" | "close" | "volume";

/** Options of {@link alignTimeframes}. `source`, `symbols`, `base` and `timeframes` are required. */
export interface AlignTimeframesOptions {
  /**
   * Where the base bars come from:
   * - a `Library`: the stored bars of each symbol (symbol name from `storeSymbol`);
   * - a `BarManager`: its bars of the base timeframe (store and memory through `readBars`, the forming bar
   *   last), which must be one of its timeframes;
   * - `{ library, bars }`: stored history from the library, then the manager's bars from its first one on.
   */
  source: Library | BarManager | { library: Library; bars: BarManager };
  /** Symbols to align; one Table each. With more than one, every table has the same rows (see fill rule). */
  symbols: string[];
  /** The timeframe of the rows, e.g. "5m". Seconds, minutes, hours, days, weeks or months. */
  base: string;
  /** Higher timeframes to put beside the base bars, e.g. ["1h", "1d"]; each must be made of whole base bars. */
  timeframes: string[];
  /** First row (bar start) included: epoch ms, Date or ISO string. @default the first stored bar */
  start?: number | Date | string;
  /** Last row (bar start) included. @default the newest bar */
  end?: number | Date | string;
  /**
   * Exchange calendar per symbol (a Calendar or a name such as "XNYS"). A symbol with a calendar has its
   * daily bars follow sessions, its intraday bars align to each session's open, and is filled only inside
   * its sessions. @default none (24/7, bars aligned in UTC); with a BarManager source, the manager's calendar
   */
  calendars?: Record<string, Calendar | CalendarName>;
  /** Columns of each higher timeframe, named `<column>_<timeframe>` ("close_1h"). @default ["open", "high", "low", "close", "volume"] */
  columns?: AlignedColumn[];
  /**
   * Name of the stored symbol that holds a symbol's base bars in the library.
   * @default (symbol, base) => `${symbol}.${base}`, where a BarManager spills them ("BTCUSD.5m")
   */
  storeSymbol?: (symbol: string, base: string) => string;
}

/** The options checked, with defaults applied. */
export interface ResolvedAlignOptions {
  source: BaseBarSource;
  symbols: string[];
  base: Timeframe;
  timeframes: Timeframe[];
  start: number;
  end: number;
  calendars: Map<string, Calendar | undefined>;
  columns: AlignedColumn[];
}

const ALL_COLUMNS: AlignedColumn[] = ["open", "high", "low", "close", "volume"];
const TIME_UNITS = ["second", "minute", "hour", "day", "week", "month"] as const;

function fail(name: string, rule: string, value: unknown): never {
  let shown: string;
  try {
    shown = typeof value === "function" ? "a function" : JSON.stringify(value) ?? String(value);
  } catch {
    shown = String(value);
  }
  throw new StreamError(`alignTimeframes: '${name}' must be ${rule}, got ${shown}`, { code: "INVALID_OPTION" });
}

function timeframe(text: unknown, what: string): Timeframe {
  try {
    return parseTimeframe(text, { units: TIME_UNITS, what: `alignTimeframes: ${what}` });
  } catch (error) {
    if (error instanceof TimeframeError) throw new StreamError(error.message, { code: "INVALID_TIMEFRAME", timeframe: error.timeframe });
    throw error;
  }
}

const isLibrary = (x: unknown): x is Library => x !== null && typeof x === "object" && typeof (x as Library).read === "function" && typeof (x as Library).getDescription === "function";

/**
 * Applies the defaults of {@link AlignTimeframesOptions} and checks every field once.
 * @throws StreamError `INVALID_OPTION` / `INVALID_TIMEFRAME` naming the option and quoting the value.
 */
export function resolveAlignOptions(options: AlignTimeframesOptions): ResolvedAlignOptions {
  if (options === null || typeof options !== "object") fail("options", "an object with source, symbols, base and timeframes", options);
  const { source, symbols, columns = ALL_COLUMNS, storeSymbol = (symbol: string, base: string) => `${symbol}.${base}` } = options;
  let library: Library | undefined;
  let bars: BarManager | undefined;
  if (source instanceof BarManager) bars = source;
  else if (isLibrary(source)) library = source;
  else if (source && typeof source === "object" && isLibrary((source as { library?: unknown }).library) && (source as { bars?: unknown }).bars instanceof BarManager) {
    ({ library, bars } = source as { library: Library; bars: BarManager });
  } else fail("source", "a Library, a BarManager or { library, bars }", source === undefined ? "nothing" : Object.prototype.toString.call(source));
  if (!Array.isArray(symbols) || symbols.length === 0 || symbols.some((s) => typeof s !== "string" || s.length === 0)) fail("symbols", 'a non-empty array of symbols such as ["AAPL", "BTCUSD"]', symbols);
  if (new Set(symbols).size !== symbols.length) fail("symbols", "free of duplicates", symbols);
  const base = timeframe(options.base, "base");
  if (!Array.isArray(options.timeframes) || options.timeframes.length === 0) fail("timeframes", 'a non-empty array such as ["1h", "1d"]', options.timeframes);
  const timeframes = options.timeframes.map((t) => timeframe(t, "timeframe"));
  const labels = new Set<string>();
  for (const tf of timeframes) {
    if (labels.has(tf.label) || tf.label === base.label) fail("timeframes", `free of duplicates and of the base ${JSON.stringify(base.label)}`, options.timeframes);
    labels.add(tf.label);
  }
  if (bars && !bars.timeframes.includes(base.label)) fail("base", `one of the manager's timeframes (${bars.timeframes.map((t) => JSON.stringify(t)).join(", ")})`, base.label);
  if (!Array.isArray(columns) || columns.length === 0 || columns.some((c) => !ALL_COLUMNS.includes(c))) fail("columns", `a non-empty array of ${ALL_COLUMNS.map((c) => JSON.stringify(c)).join(", ")}`, columns);
  if (typeof storeSymbol !== "function") fail("storeSymbol", "a function (symbol, base) => stored symbol name", storeSymbol);
  const calendarsGiven = options.calendars ?? {};
  if (calendarsGiven === null || typeof calendarsGiven !== "object") fail("calendars", 'an object such as { AAPL: "XNYS" }', calendarsGiven);
  for (const name of Object.keys(calendarsGiven)) if (!symbols.includes(name)) fail("calendars", `keyed by the symbols asked for (${symbols.join(", ")})`, name);
  const calendars = new Map<string, Calendar | undefined>();
  for (const symbol of symbols) {
    const given = Object.prototype.hasOwnProperty.call(calendarsGiven, symbol) ? calendarsGiven[symbol] : undefined;
    if (typeof given === "string") calendars.set(symbol, calendarByName(given));
    else if (given !== undefined) {
      if (given === null || typeof given.sessions !== "function") fail(`calendars.${symbol}`, 'a Calendar or a name such as "XNYS"', given);
      calendars.set(symbol, given);
    } else calendars.set(symbol, bars?.calendar);
  }
  const start = toMs(options.start, "start", "alignTimeframes");
  const end = toMs(options.end, "end", "alignTimeframes");
  return { source: { library, bars, storeSymbol }, symbols: [...symbols], base, timeframes, start, end, calendars, columns: [...columns] };
}
