/**
 * Collector job: closed crypto klines after the latest stored bar, printed as CSV on stdout for the job
 * runner to append. Binance spot first, Bybit linear if Binance fails (lib/data/providers).
 *
 * Arguments: --symbol BTCUSDT (default $QUANTLAB_SYMBOL), --interval 1m..1M (default 1h),
 *            --providers binance,bybit, --start ISO (first run; default --lookback-days 30 before now),
 *            --end ISO (default now).
 * Environment: QUANTLAB_STORE/LIBRARY/SYMBOL/MODE (set by the runner), BINANCE_BASE_URL, BYBIT_BASE_URL
 *              (override the endpoints), BINANCE_API_KEY (optional, sent as X-MBX-APIKEY, never printed).
 * stderr: one JSON line with the source provider and the providers that failed (kept in the run history).
 *
 * Register it:
 *   quantlab jobs add btc_1h --script jobs/collectors/crypto_klines.ts --cron "5 * * * *" \
 *     --library crypto --symbol BTCUSDT --mode append --args '["--interval","1h"]' --retries 2
 */
import { runCollectorScript } from "../../lib/data/providers";

runCollectorScript({
  argv: process.argv.slice(2),
  env: process.env,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  defaultProviders: ["binance", "bybit"],
  defaultInterval: "1h",
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`crypto_klines: ${(error as Error).message}\n`);
    process.exitCode = 1;
  },
);
