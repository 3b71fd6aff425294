import { createTask } from "node-cron";

/** What {@link missedSlots} found. */
export interface MissedSlots {
  /** Slots found in the window (at least this many when `truncated`). */
  count: number;
  /** The earliest and latest slot found, or null. */
  first: Date | null;
  latest: Date | null;
  /** True when the scan stopped at `maxSteps` before reaching `after`. */
  truncated: boolean;
}

/**
 * The cron slots strictly between `after` and `before`, found by scanning back from `before` one step at
 * a time (a minute for 5-field expressions, a second for 6-field ones) with node-cron's own matcher in
 * the job's timezone, so DST and day-of-week rules are node-cron's. The scan stops after `maxSteps`
 * steps (@default 20160: two weeks of minutes, 5.6 hours of seconds).
 * @example missedSlots("0 9 * * *", "UTC", new Date("2024-01-01T10:00Z"), new Date("2024-01-03T10:00Z")).count // 2
 */
export function missedSlots(cron: string, timezone: string, after: Date, before: Date, maxSteps = 20_160): MissedSlots {
  const seconds = cron.trim().split(/\s+/).length === 6;
  const step = seconds ? 1000 : 60_000;
  const task = createTask(cron, () => undefined, { timezone, name: "quantlab-missed-scan" });
  try {
    const out: MissedSlots = { count: 0, first: null, latest: null, truncated: false };
    let t = Math.ceil(before.getTime() / step) * step - step;
    if (t >= before.getTime()) t -= step;
    for (let steps = 0; t > after.getTime(); t -= step, steps++) {
      if (steps >= maxSteps) {
        out.truncated = true;
        break;
      }
      if (task.match(new Date(t))) {
        out.count++;
        out.latest ??= new Date(t);
        out.first = new Date(t);
      }
    }
    return out;
  } finally {
    task.destroy();
  }
}
