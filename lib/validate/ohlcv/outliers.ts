import { NO_TIME_BIT } from "./invalidRows";
import { medianInPlace } from "./median";
import type { OhlcvArrays } from "./ohlcvColumns";
import type { OutlierBand } from "./ValidationReport";

/** Scales MAD to the standard deviation of a normal distribution: 1 / Φ⁻¹(3/4). */
const MAD_TO_SIGMA = 1.482602218505602;
/** Scales the mean absolute deviation to the standard deviation of a normal: √(π/2). */
const MEAN_AD_TO_SIGMA = 1.2533141373155001;
/** Fewest returns the band is estimated from. */
export const MIN_RETURNS = 20;

/**
 * The one-bar log returns the band is estimated from: ln(close / previous close) of consecutive bars in time
 * order that are exactly one timeframe apart and both valid (so no overnight gap, halt or missing bars sits
 * inside), at about `sample` evenly spaced places (every place when there are fewer bars). When fewer than
 * {@link MIN_RETURNS} such pairs exist (a timeframe that does not fit the data), any consecutive valid bars.
 */
export function sampleReturns(a: OhlcvArrays, flags: Uint8Array, order: Int32Array | null, tfMs: number, sample: number): Float64Array {
  const n = order ? order.length : a.rows;
  const step = Math.max(1, Math.floor(n / sample));
  const oneBar = collect(a, flags, order, n, step, tfMs);
  return oneBar.length >= MIN_RETURNS ? oneBar : collect(a, flags, order, n, step, NaN);
}

function collect(a: OhlcvArrays, flags: Uint8Array, order: Int32Array | null, n: number, step: number, tfMs: number): Float64Array {
  const { timestamp: t, close: c } = a;
  const out = new Float64Array(Math.ceil(n / step));
  let m = 0;
  for (let j = Math.min(step, n); j < n; j += step) {
    const i = order ? order[j] : j;
    const p = order ? order[j - 1] : j - 1;
    if (flags[i] !== 0 || flags[p] !== 0 || flags[p] & NO_TIME_BIT) continue;
    const dt = t[i] - t[p];
    if (tfMs === tfMs ? dt !== tfMs : !(dt > 0)) continue;
    out[m++] = Math.log(c[i] / c[p]);
  }
  return out.subarray(0, m);
}

/**
 * The robust band of log returns: median ± k · 1.4826 · MAD (MAD = median absolute deviation from the
 * median) of `returns`. When more than half the returns are equal (MAD = 0, e.g. a thin market with many
 * unchanged closes) the scale falls back to 1.2533 · mean absolute deviation; when every return is equal
 * nothing is an outlier (scale 0). Null with fewer than {@link MIN_RETURNS} returns: too few to say what is
 * normal.
 */
export function outlierBand(returns: Float64Array, k: number): OutlierBand | null {
  if (returns.length < MIN_RETURNS) return null;
  const logs = returns.slice();
  const center = medianInPlace(logs.slice());
  let meanAd = 0;
  for (let i = 0; i < logs.length; i++) {
    logs[i] = Math.abs(logs[i] - center);
    meanAd += logs[i];
  }
  meanAd /= logs.length;
  let scale = MAD_TO_SIGMA * medianInPlace(logs);
  if (scale === 0) scale = MEAN_AD_TO_SIGMA * meanAd;
  return { center, scale, k, lower: center - k * scale, upper: center + k * scale };
}
