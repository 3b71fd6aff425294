/**
 * Check job: are the symbols of a library up to date with their calendar? The same check as
 * `quantlab data freshness LIBRARY`, for the scheduler: it prints one CSV row per symbol (symbol, timeframe,
 * calendar, latest, missingBars, stale) for the runner to store, and exits 1 when a symbol is stale, so the
 * run fails and the job's history shows the alert (stderr names the stale symbols).
 *
 * Arguments: --library NAME (the library to check; required), --tolerance N (bars that may be missing,
 *            default 0), --calendar NAME and --timeframe TF (default: each symbol's metadata).
 * Environment: QUANTLAB_STORE (set by the runner).
 *
 * Register it (every weekday evening, New York time), storing its table in monitoring/freshness_equities:
 *   quantlab jobs add equities_fresh --script jobs/checks/freshness.ts --cron "0 19 * * 1-5" \
 *     --timezone America/New_York --library monitoring --symbol freshness_equities --args '["--library","equities"]'
 */
import { Arctic } from "../../lib/store";
import { checkFreshness } from "../../lib/validate";
import type { CalendarName } from "../../lib/market";

const argv = process.argv.slice(2);
const option = (name: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};

async function main(): Promise<number> {
  const library = option("library");
  if (!library) {
    process.stderr.write("freshness: --library NAME is required (the library to check)\n");
    return 2;
  }
  const arctic = await Arctic.open(process.env.QUANTLAB_STORE || undefined);
  try {
    const rows = await checkFreshness(await arctic.getLibrary(library), {
      toleranceBars: Number(option("tolerance") ?? "0"),
      calendar: option("calendar") as CalendarName | undefined,
      timeframe: option("timeframe"),
    });
    const csv = ["symbol,timeframe,calendar,latest,missingBars,stale", ...rows.map((r) => [JSON.stringify(r.symbol), r.timeframe, r.calendar, r.latest ?? "", r.missingBars, r.stale || r.error !== null].join(","))];
    process.stdout.write(csv.join("\n") + "\n");
    const bad = rows.filter((r) => r.stale || r.error !== null);
    for (const r of bad) process.stderr.write(`freshness: ${library}/${r.symbol} is stale: ${r.error ?? `${r.missingBars} bar(s) missing after ${r.latest}`}\n`);
    return bad.length === 0 ? 0 : 1;
  } finally {
    await arctic.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`freshness: ${(error as Error).message}\n`);
    process.exitCode = 1;
  },
);
