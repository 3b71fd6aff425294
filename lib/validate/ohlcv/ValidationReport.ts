/**
 * What {@link validateOhlcv} finds. Every field is plain JSON (times are ISO-8601 UTC strings, with
 * microseconds when the data has them), so a report can be stored, printed or sent as it is.
 *
 * Rows are numbered from 0 in the order of the input table. Lists hold at most `maxItems` entries each
 * (the first ones in row order); `counts` always has the full numbers and `truncated` says when a list
 * was cut.
 */
export interface ValidationReport {
  /** Rows in the table. */
  rows: number;
  /** The timeframe checked against, e.g. "1m", and its length in milliseconds. */
  timeframe: string;
  timeframeMs: number;
  /** Calendar name and session kind the gaps and extra bars were judged by. */
  calendar: string;
  session: SessionKind;
  /** Earliest and latest timestamp (null for an empty table). */
  start: string | null;
  end: string | null;
  /** Bars a complete feed has between the first and the last in-session bar, both included. */
  expectedBars: number;
  /** Full counts of every kind of finding. */
  counts: ValidationCounts;
  /** Groups of rows sharing one timestamp. */
  duplicates: DuplicateGroup[];
  /** The fewest rows that, taken out, leave the rest in time order. */
  outOfOrder: OutOfOrderRow[];
  /** Rows whose values cannot be a bar. */
  invalid: InvalidRow[];
  /** Runs of missing bars between two bars that are there. */
  gaps: Gap[];
  /** Bars whose start lies outside every session of the calendar. */
  extra: ExtraBar[];
  /** Bars whose close-to-close log return lies outside the robust band. */
  outliers: Outlier[];
  /** The band outliers were judged by (null with fewer than 20 returns: too few to judge, no outliers). */
  outlierBand: OutlierBand | null;
  /**
   * Jumps across the ex-date of a known split (the `actions` option): reported here, not as outliers,
   * unless the move adjusted by the ratio is still outside the band.
   */
  splits: SplitJump[];
  /** Runs of bars with volume that repeat the same close. */
  stale: StaleRun[];
  /**
   * Quality in [0, 1]: 1 − (weighted findings) / (rows + missing bars), floored at 0. See
   * {@link qualityScore} for the weights.
   */
  score: number;
  /**
   * What to do about findings, in words: e.g. outliers whose move matches a common split ratio with no split
   * known for that date suggest storing the split and reading with `adjust`.
   */
  suggestions: string[];
  /** True when nothing at all was found. */
  ok: boolean;
  /** True when some list holds fewer entries than its count. */
  truncated: boolean;
}

/** "RTH": regular trading hours; "ETH": extended hours (pre and post market on XNYS/XNAS). */
export type SessionKind = "RTH" | "ETH";

/** Full counts behind a report's lists. */
export interface ValidationCounts {
  /** Rows beyond the first of each timestamp (identical + conflicting). */
  duplicates: number;
  /** Duplicate rows whose every column equals the first row of their timestamp. */
  identicalDuplicates: number;
  /** Duplicate rows of timestamps whose rows differ somewhere. */
  conflictingDuplicates: number;
  outOfOrder: number;
  invalid: number;
  gaps: number;
  /** Bars missing in all gaps together. */
  missingBars: number;
  extraBars: number;
  outliers: number;
  /** Known splits the bars cross (not findings: they do not lower the score). */
  splits: number;
  staleRuns: number;
  /** Bars in all stale runs together. */
  staleBars: number;
}

/** Rows sharing one timestamp. */
export interface DuplicateGroup {
  timestamp: string;
  /** Row indices, in table order (at least two). */
  rows: number[];
  /** True when the rows differ in some column (a conflict), false when they are copies. */
  conflicting: boolean;
}

/** A row that breaks time order. */
export interface OutOfOrderRow {
  row: number;
  timestamp: string;
}

/** Why a row is invalid. */
export type InvalidCode =
  | "MISSING" //            a null timestamp, open, high, low, close or volume
  | "NOT_FINITE" //         NaN or ±Infinity
  | "NON_POSITIVE_PRICE" // open, high, low or close <= 0
  | "NEGATIVE_VOLUME"
  | "HIGH_BELOW_BODY" //    high < max(open, close)
  | "LOW_ABOVE_BODY" //     low > min(open, close)
  | "HIGH_BELOW_LOW";

/** A row whose values cannot be a bar, with every reason found. */
export interface InvalidRow {
  row: number;
  /** The row's time, or null when the timestamp itself is missing. */
  timestamp: string | null;
  codes: InvalidCode[];
  /** The reasons in words, naming columns and values, e.g. "high 9.5 < max(open, close) 10". */
  reason: string;
}

/** Expected bars missing between two bars that are present. */
export interface Gap {
  /** The bar before the gap and the bar after it (times and rows). */
  previous: string;
  next: string;
  previousRow: number;
  nextRow: number;
  /** The timeframe in milliseconds: the interval a complete feed has between bars within a session. */
  expectedIntervalMs: number;
  /** Bars the calendar expects strictly between previous and next. */
  missing: number;
}

/** A bar outside every session. */
export interface ExtraBar {
  row: number;
  timestamp: string;
}

/** A bar whose return from the previous bar lies outside the band. */
export interface Outlier {
  row: number;
  timestamp: string;
  /** The row the return is measured from. */
  previousRow: number;
  /** ln(close / previous close). */
  logReturn: number;
  /** Distance from the band's centre in units of its scale. */
  score: number;
  /**
   * Set when a common split ratio (new shares per old, lib/market's `COMMON_SPLIT_RATIOS`) taken out of the
   * move leaves an ordinary one (inside the band) and no split is known there: likely an unrecorded split
   * rather than a bad print.
   */
  likelySplit?: number;
}

/** The move across a known split's ex-date. */
export interface SplitJump {
  row: number;
  timestamp: string;
  /** The row the move is measured from. */
  previousRow: number;
  /** New shares per old of the split(s) between the two bars. */
  ratio: number;
  /** ln(close / previous close), as stored. */
  logReturn: number;
  /** ln(close · ratio / previous close): the move with the split taken out. */
  adjustedLogReturn: number;
}

/**
 * The robust band of log returns: centre ± k · scale, estimated from one-bar returns (consecutive valid bars
 * exactly one timeframe apart; see the `bandSample` option) and applied to every judged return.
 */
export interface OutlierBand {
  /** Median of the log returns. */
  center: number;
  /** 1.4826 · MAD (the normal-consistent median absolute deviation). */
  scale: number;
  k: number;
  lower: number;
  upper: number;
}

/** Consecutive bars with volume and the same close. */
export interface StaleRun {
  startRow: number;
  endRow: number;
  start: string;
  end: string;
  bars: number;
  close: number;
}
