/**
 * Collector job: daily equity bars from Yahoo's chart API after the latest stored session, printed as CSV
 * on stdout for the job runner to append. Bars are labelled by session date at 00:00 UTC.
 *
 * Arguments: --symbol AAPL (default $QUANTLAB_SYMBOL), --interval 1d|1w|1M (default 1d),
 *            --start ISO (first run; default --lookback-days 30 before now), --end ISO (default now).
 * Environment: QUANTLAB_STORE/LIBRARY/SYMBOL/MODE (set by the runner), YAHOO_BASE_URL (overrides the endpoint).
 * stderr: one JSON line with the source and the row count (kept in the run history).
 *
 * Register it (after the US close, New York time):
 *   quantlab jobs add aapl_daily --script jobs/collectors/yahoo_daily.ts --cron "30 18 * * 1-5" \
 *     --timezone America/New_York --library equities --symbol AAPL --mode append --args '["--start","2020-01-01"]'
 */
import { runCollectorScript } from "../../lib/data/providers";

runCollectorScript({
  argv: process.argv.slice(2),
  env: process.env,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  defaultProviders: ["yahoo"],
  defaultInterval: "1d",
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`yahoo_daily: ${(error as Error).message}\n`);
    process.exitCode = 1;
  },
);
