import type { BatchQuality, BatchValidator } from "../../data";
import { ohlcvColumns } from "../ohlcv/ohlcvColumns";
import { ValidateOptions, resolveOptions } from "../ohlcv/options";
import { validateArrays } from "../ohlcv/validateOhlcv";
import { FINDING_COUNTS, WriteCheckFinding, describeFindings } from "../ohlcvWriteCheck";
import { ValidationError } from "../ValidationError";

/** Options of {@link collectCheck}: validateOhlcv's, and which findings make a batch bad. */
export interface CollectCheckOptions extends Partial<ValidateOptions> {
  /**
   * Findings that make a batch bad. Gaps, extra bars, outliers and stale runs need `timeframe`.
   * @default ["invalid", "duplicates", "outOfOrder"]
   */
  on?: WriteCheckFinding[];
}

/**
 * A validator for `collect`'s `validate` option: runs {@link validateOhlcv} on each fetched batch and calls
 * it bad when it holds any finding of `on`. The verdict carries the report's quality score and every
 * finding in words (those of `on` first, then the others, which do not make the batch bad).
 * @throws ValidationError `INVALID_OPTIONS` (when made) for bad options.
 * @example
 * const r = await collect(lib, "AAPL", { interval: "1d", validate: collectCheck({ timeframe: "1d", calendar: "XNYS" }), onInvalid: "quarantine" });
 * r.quality; // { ok: true, score: 1, findings: [] }
 */
export function collectCheck(options: CollectCheckOptions = {}): BatchValidator {
  const on = options.on ?? ["invalid", "duplicates", "outOfOrder"];
  const unknown = on.filter((f) => !(f in FINDING_COUNTS));
  if (unknown.length) throw new ValidationError(`collectCheck: 'on' has unknown findings ${unknown.join(", ")}; use ${Object.keys(FINDING_COUNTS).join(", ")}`, { code: "INVALID_OPTIONS" });
  if (on.some((f) => !["invalid", "duplicates", "outOfOrder"].includes(f)) && options.timeframe === undefined) {
    throw new ValidationError(`collectCheck: 'on' includes ${on.join(", ")}, which needs a 'timeframe' such as "1d"`, { code: "INVALID_OPTIONS" });
  }
  const resolved = resolveOptions({ ...options, timeframe: options.timeframe ?? "1w" }, "collectCheck");
  const all = Object.keys(FINDING_COUNTS) as WriteCheckFinding[];
  return (bars, { symbol }): BatchQuality => {
    const report = validateArrays(ohlcvColumns(bars, `collect check of '${symbol}'`), { ...resolved, maxItems: 5 });
    const found = all.filter((f) => report.counts[FINDING_COUNTS[f]] > 0);
    const bad = found.filter((f) => on.includes(f));
    const others = options.timeframe === undefined ? [] : found.filter((f) => !on.includes(f));
    return { ok: bad.length === 0, score: report.score, findings: describeFindings(report, [...bad, ...others]) };
  };
}
