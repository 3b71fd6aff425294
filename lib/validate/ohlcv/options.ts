import { timeframeMs } from "../../market";
import { calendar as calendarByName } from "../../market";
import type { Calendar, CalendarName, CorporateAction } from "../../market";
import { ValidationError } from "../ValidationError";
import type { SessionKind } from "./ValidationReport";

/** Options of {@link validateOhlcv}. */
export interface ValidateOptions {
  /** Bar length the data should have: "1m", "5m", "1h", "1d"… Gaps are counted in these bars. */
  timeframe: string;
  /**
   * The exchange calendar bars are expected in: a name or a {@link Calendar}. Conflicts with nothing;
   * "24/7" expects a bar every timeframe around the clock.
   * @default "24/7"
   */
  calendar?: CalendarName | Calendar;
  /**
   * "RTH": regular sessions; "ETH": extended hours, which for XNYS/XNAS adds pre market from 04:00 and
   * post market to 20:00 (17:00 on early-close days), New York time. Other calendars have one session kind.
   * @default "RTH"
   */
  session?: SessionKind;
  /** Outlier band half-width in robust standard deviations (1.4826 · MAD of log returns). @default 10 */
  outlierK?: number;
  /**
   * Also judge returns across a session break (the overnight gap at the open, the CME daily halt) and to or
   * from bars outside sessions. Off by default: an overnight move is not a bad print, and its size follows
   * other laws than intraday returns. Intraday timeframes only; daily returns always count.
   * @default false
   */
  overnightReturns?: boolean;
  /** Shortest run of repeated closes (each bar with volume > 0) reported as stale. @default 10 */
  staleBars?: number;
  /** Most entries kept per list in the report (counts are always complete). @default 1000 */
  maxItems?: number;
  /**
   * Most returns the outlier band is estimated from: one-bar returns (consecutive valid bars exactly one
   * timeframe apart) at about this many evenly spaced places; every place when there are fewer bars. On 10M
   * one-minute bars the band from 200k places is within 0.5% of the one from all of them. @default 200000
   */
  bandSample?: number;
  /**
   * The symbol's corporate actions (as stored in `<symbol>.actions`, e.g. `(await lib.read("AAPL.actions")).data`):
   * a jump across a split's ex-date is reported in `splits`, not as an outlier. Rows of a Table or an array.
   * @default none: a jump that matches a common split ratio is an outlier with `likelySplit` and a suggestion
   */
  actions?: readonly CorporateAction[] | { numRows(): number; array(name: string): unknown };
}

/** Options after defaults and checks. */
export interface ResolvedOptions {
  timeframe: string;
  timeframeMs: number;
  calendar: Calendar;
  session: SessionKind;
  outlierK: number;
  staleBars: number;
  maxItems: number;
  bandSample: number;
  overnightReturns: boolean;
  /** Known splits, sorted by ex-date (split !== 1 only). */
  splits: CorporateAction[];
  /** Whether actions were given at all. */
  actionsGiven: boolean;
}

/** The defaults of {@link ValidateOptions}, in one place. */
export const VALIDATE_DEFAULTS = {
  calendar: "24/7",
  session: "RTH",
  outlierK: 10,
  overnightReturns: false,
  staleBars: 10,
  maxItems: 1000,
  bandSample: 200_000,
} as const;

/**
 * Applies defaults and checks every option once, up front.
 * @throws ValidationError `INVALID_OPTIONS` quoting the bad value (timeframe, calendar, session or a threshold).
 */
export function resolveOptions(options: ValidateOptions, where = "validateOhlcv"): ResolvedOptions {
  if (typeof options !== "object" || options === null) {
    throw new ValidationError(`${where}: options must be an object such as { timeframe: "1m" }`, { code: "INVALID_OPTIONS" });
  }
  const fail = (message: string, cause?: unknown) => new ValidationError(`${where}: ${message}`, { code: "INVALID_OPTIONS", cause });
  let tfMs: number;
  try {
    tfMs = timeframeMs(String(options.timeframe));
  } catch (error) {
    throw fail(`'timeframe' must be like "1m", "5m", "1h" or "1d", got ${JSON.stringify(options.timeframe)}`, error);
  }
  const given = options.calendar ?? VALIDATE_DEFAULTS.calendar;
  let cal: Calendar;
  if (typeof given === "string") {
    try {
      cal = calendarByName(given);
    } catch (error) {
      throw fail(`'calendar' ${JSON.stringify(given)} is unknown; use "XNYS", "XNAS", "CME", "24/7" or a Calendar object`, error);
    }
  } else if (typeof given === "object" && given !== null && typeof given.sessions === "function") {
    cal = given;
  } else {
    throw fail(`'calendar' must be a calendar name or a Calendar object, got ${String(given)}`);
  }
  const session = options.session ?? VALIDATE_DEFAULTS.session;
  if (session !== "RTH" && session !== "ETH") throw fail(`'session' must be "RTH" or "ETH", got ${JSON.stringify(session)}`);
  const positive = (name: keyof ValidateOptions, value: unknown, integer: boolean): number => {
    if (typeof value !== "number" || !(value > 0) || !Number.isFinite(value) || (integer && !Number.isInteger(value))) {
      throw fail(`'${name}' must be a positive ${integer ? "whole " : ""}number, got ${JSON.stringify(value)}`);
    }
    return value;
  };
  return {
    timeframe: String(options.timeframe),
    timeframeMs: tfMs,
    calendar: cal,
    session,
    outlierK: positive("outlierK", options.outlierK ?? VALIDATE_DEFAULTS.outlierK, false),
    staleBars: positive("staleBars", options.staleBars ?? VALIDATE_DEFAULTS.staleBars, true),
    maxItems: positive("maxItems", options.maxItems ?? VALIDATE_DEFAULTS.maxItems, true),
    bandSample: positive("bandSample", options.bandSample ?? VALIDATE_DEFAULTS.bandSample, true),
    overnightReturns: options.overnightReturns ?? VALIDATE_DEFAULTS.overnightReturns,
    splits: knownSplits(options.actions, fail),
    actionsGiven: options.actions !== undefined,
  };
}

/** The splits of the `actions` option, sorted by ex-date; checks each ratio. */
function knownSplits(actions: ValidateOptions["actions"], fail: (message: string) => ValidationError): CorporateAction[] {
  if (actions === undefined) return [];
  let rows: CorporateAction[];
  if (Array.isArray(actions)) rows = actions as CorporateAction[];
  else if (typeof actions === "object" && actions !== null && typeof (actions as { array?: unknown }).array === "function") {
    const table = actions as { numRows(): number; array(name: string): unknown };
    const column = (name: string) => {
      try {
        return table.array(name) as ArrayLike<unknown>;
      } catch (error) {
        throw fail(`'actions' has no '${name}' column; it needs timestamp, dividend and split (the layout of '<symbol>.actions')`);
      }
    };
    const [t, d, r] = [column("timestamp"), column("dividend"), column("split")];
    rows = Array.from({ length: table.numRows() }, (_, i) => ({ timestamp: Number(t[i] instanceof Date ? (t[i] as Date).getTime() : t[i]), dividend: Number(d[i] ?? 0), split: Number(r[i] ?? 1) }));
  } else throw fail(`'actions' must be an array of { timestamp, dividend, split } or a Table of them, got ${typeof actions}`);
  rows.forEach((a, row) => {
    const t = typeof a.timestamp === "number" ? a.timestamp : new Date(a.timestamp as unknown as string).getTime();
    if (!Number.isFinite(t) || !(a.split > 0) || !Number.isFinite(a.split)) {
      throw fail(`'actions' row ${row}: timestamp ${JSON.stringify(a.timestamp)}, split ${a.split}; a split must be a finite ratio > 0 at a valid time`);
    }
  });
  return rows
    .map((a) => ({ ...a, timestamp: typeof a.timestamp === "number" ? a.timestamp : new Date(a.timestamp as unknown as string).getTime() }))
    .filter((a) => a.split !== 1)
    .sort((a, b) => a.timestamp - b.timestamp);
}
