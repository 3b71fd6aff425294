import type { ValidationCounts } from "./ValidationReport";

/**
 * Weight of one finding of each kind in the quality score. A wrong or missing bar weighs 1; findings that
 * cost less downstream weigh less: an identical duplicate is dropped harmlessly, an out-of-order or extra
 * bar is a real bar in the wrong place, and a stale bar may be a genuinely quiet market.
 */
export const SCORE_WEIGHTS = {
  invalid: 1,
  conflictingDuplicates: 1,
  identicalDuplicates: 0.25,
  outOfOrder: 0.5,
  missingBars: 1,
  extraBars: 0.5,
  outliers: 1,
  staleBars: 0.5,
} as const;

/**
 * The quality score in [0, 1]:
 *
 *     score = max(0, 1 − Σ_kind weight_kind · count_kind / (rows + missingBars))
 *
 * with the weights of {@link SCORE_WEIGHTS}. The denominator is the bars a clean feed would have plus the
 * extra rows this one has, so the score reads as "share of bars that are fine": 0.99 means about one bar in
 * a hundred is wrong or missing. A table with no rows and nothing missing scores 1.
 * @example qualityScore(98, { ...counts, missingBars: 2, invalid: 1 }) // 1 − 3 / 100 = 0.97
 */
export function qualityScore(rows: number, counts: ValidationCounts): number {
  const denominator = rows + counts.missingBars;
  if (denominator === 0) return 1;
  let penalty = 0;
  for (const kind of Object.keys(SCORE_WEIGHTS) as (keyof typeof SCORE_WEIGHTS)[]) penalty += SCORE_WEIGHTS[kind] * counts[kind];
  return Math.max(0, 1 - penalty / denominator);
}
