/**
 * Split ratios seen in practice (new shares per old): forward splits 3-for-2 to 20-for-1, and their
 * reverse splits. A price jump near one of them is more likely a split than a market move.
 */
export const COMMON_SPLIT_RATIOS: readonly number[] = (() => {
  const forward = [1.5, 2, 2.5, 3, 4, 5, 6, 7, 8, 10, 15, 20, 25, 30, 50];
  return [...forward, ...forward.map((r) => 1 / r)].sort((a, b) => a - b);
})();

/**
 * The common split ratio that a price move from `before` to `after` matches, within `tolerance` relative
 * (a split of ratio r takes the price from p to about p / r); undefined when none does.
 * @param tolerance relative distance allowed between before / after and the ratio. @default 0.05
 * @example matchSplitRatio(400, 101) // 4
 */
export function matchSplitRatio(before: number, after: number, tolerance = 0.05): number | undefined {
  if (!(before > 0) || !(after > 0)) return undefined;
  const implied = before / after;
  let best: number | undefined;
  let bestDistance = Infinity;
  for (const ratio of COMMON_SPLIT_RATIOS) {
    const distance = Math.abs(implied / ratio - 1);
    if (distance <= tolerance && distance < bestDistance) {
      best = ratio;
      bestDistance = distance;
    }
  }
  return best;
}
