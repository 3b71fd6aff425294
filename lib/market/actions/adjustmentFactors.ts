import { CorporateAction } from "./CorporateAction";

/** Which corporate actions an adjusted read takes out of the prices. */
export type AdjustMode = "splits" | "all";

/** The modes of {@link AdjustMode}. */
export const ADJUST_MODES: readonly AdjustMode[] = ["splits", "all"];

/** Per-bar factors: adjusted price = price * `price[i]`; adjusted volume = volume * `volume[i]`. */
export interface AdjustmentFactors {
  price: Float64Array;
  volume: Float64Array;
  /** The splits and dividends that changed at least one bar. */
  splitsApplied: number;
  dividendsApplied: number;
}

/**
 * The back-adjustment factors of each bar, the way Yahoo Finance defines its adjusted close: a bar is
 * scaled by every action whose ex-date comes after it, so the latest bars keep their traded prices.
 * - A split of ratio r divides earlier prices by r and multiplies earlier volumes by r.
 * - A dividend d (mode "all") multiplies earlier prices by 1 - d / c, where c is the close of the last bar
 *   before the ex-date (its "previous trading day"); a dividend with no bar before it changes nothing.
 * Prices and dividends are taken as traded on their day (unadjusted), so the ratio d / c needs no split
 * correction. Factors are products in ex-date order, newest first, as Yahoo accumulates them.
 * @param timestamps bar labels, ascending (epoch ms).
 * @param closes the bars' unadjusted closes (needed for "all" only).
 * @param actions ex-dates in any order; validated by the caller.
 * @example
 * adjustmentFactors([0, 1, 2], [10, 10, 5], [{ timestamp: 2, dividend: 0, split: 2 }], "splits").price // [0.5, 0.5, 1]
 */
export function adjustmentFactors(timestamps: ArrayLike<number>, closes: ArrayLike<number> | undefined, actions: readonly CorporateAction[], mode: AdjustMode): AdjustmentFactors {
  const n = timestamps.length;
  const price = new Float64Array(n).fill(1);
  const volume = new Float64Array(n).fill(1);
  const ordered = [...actions].sort((a, b) => b.timestamp - a.timestamp);
  let priceFactor = 1;
  let volumeFactor = 1;
  let splitsApplied = 0;
  let dividendsApplied = 0;
  // Walk bars from the newest down; before stepping below an ex-date, fold its action into the factors.
  let next = 0;
  for (let i = n - 1; i >= -1; i--) {
    const t = i >= 0 ? timestamps[i] : -Infinity;
    while (next < ordered.length && ordered[next].timestamp > t) {
      const action = ordered[next++];
      if (i < 0) continue; // no bar before it: nothing to adjust
      if (action.split !== 1) {
        priceFactor /= action.split;
        volumeFactor *= action.split;
        splitsApplied++;
      }
      if (mode === "all" && action.dividend !== 0 && closes !== undefined) {
        priceFactor *= 1 - action.dividend / closes[i];
        dividendsApplied++;
      }
    }
    if (i >= 0) {
      price[i] = priceFactor;
      volume[i] = volumeFactor;
    }
  }
  return { price, volume, splitsApplied, dividendsApplied };
}
