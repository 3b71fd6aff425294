const DAY = 86_400_000;

/**
 * A duration as pandas prints a Timedelta: "3116 days 00:00:00", with milliseconds when present
 * ("1 days 01:02:03.004"); "NaT" for NaN. The one duration format of quantlab: backtest statistics and
 * duration columns of tables use it.
 * @param ms the duration in milliseconds.
 * @example formatDuration(41 * 86_400_000 + 3_600_000) // "41 days 01:00:00"
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return "NaT";
  const sign = ms < 0 ? "-" : "";
  let rest = Math.round(Math.abs(ms));
  const days = Math.floor(rest / DAY);
  rest -= days * DAY;
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const s = Math.floor(rest / 1000);
  const frac = rest - s * 1000;
  const pad = (v: number) => String(v).padStart(2, "0");
  return `${sign}${days} days ${pad(h)}:${pad(m)}:${pad(s)}${frac ? "." + String(frac).padStart(3, "0") : ""}`;
}

/**
 * The durations of one column for display, as pandas prints a timedelta column: "46 days" when every
 * value is whole days, else each as {@link formatDuration} ("46 days 06:30:00").
 * @example formatDurations([46 * 86_400_000, 86_400_000]) // ["46 days", "1 days"]
 */
export function formatDurations(values: readonly number[]): string[] {
  const wholeDays = values.every((v) => !Number.isFinite(v) || v % DAY === 0);
  return values.map((v) => (wholeDays && Number.isFinite(v) ? `${v / DAY} days` : formatDuration(v)));
}
