import * as fs from "fs";
import { Arctic } from "../../store";
import { Table, toEpochMs } from "../../frame";
import { barsCsv } from "./bars";
import { latestTimestamp, storeActions } from "./collect";
import { fetchWithFailover } from "./fetchWithFailover";
import { ProviderName } from "./MarketDataProvider";
import { PROVIDER_NAMES } from "./createProvider";
import { ProviderError } from "./ProviderError";

/** What a collector job script is run with: its argv after the script path, its environment and outputs. */
export interface CollectorScriptContext {
  argv: readonly string[];
  env: Record<string, string | undefined>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Providers when no --providers is given. */
  defaultProviders: readonly ProviderName[];
  /** Interval when no --interval is given. */
  defaultInterval: string;
  /** Clock. @default Date.now */
  now?: () => number;
}

/** Environment variables that override a provider's base URL (for tests and proxies). */
export const BASE_URL_ENV: Record<ProviderName, string> = { binance: "BINANCE_BASE_URL", bybit: "BYBIT_BASE_URL", yahoo: "YAHOO_BASE_URL" };

function option(argv: readonly string[], name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
}

/**
 * The body of a collector job script (jobs/collectors/*.ts), as a function so it can be tested in-process.
 *
 * Reads `--symbol` (default $QUANTLAB_SYMBOL), `--interval`, `--providers a,b`, `--start` (ISO, used when
 * nothing is stored; default `--lookback-days` (30) before now) and `--end` (default now). In the job
 * runner's "append" mode (and when $QUANTLAB_MODE is unset) it opens $QUANTLAB_STORE, reads the latest
 * stored bar of $QUANTLAB_LIBRARY/$QUANTLAB_SYMBOL and closes the store again before fetching, so only newer
 * closed bars are fetched. Corporate actions the source reports (Yahoo's splits and dividends) are written by
 * the script itself to `<symbol>.actions` in $QUANTLAB_LIBRARY (a new version only when they changed), before
 * the bars are printed, so the bars' version sees them. It prints them as CSV on stdout (the runner validates and appends them; a header
 * alone when nothing new closed), and one JSON line on stderr naming the source provider and the providers
 * that failed. Base URLs come from BINANCE_BASE_URL, BYBIT_BASE_URL, YAHOO_BASE_URL; BINANCE_API_KEY is read
 * by the Binance adapter. Nothing secret is printed.
 * @returns the exit code: 0 done, 1 every provider failed, 2 bad arguments.
 * @example process.exitCode = await runCollectorScript({ argv: process.argv.slice(2), env: process.env, stdout, stderr, defaultProviders: ["binance", "bybit"], defaultInterval: "1h" })
 */
export async function runCollectorScript(ctx: CollectorScriptContext): Promise<number> {
  const { argv, env } = ctx;
  const now = (ctx.now ?? Date.now)();
  const symbol = option(argv, "symbol") ?? env.QUANTLAB_SYMBOL;
  const interval = option(argv, "interval") ?? ctx.defaultInterval;
  const providers = (option(argv, "providers")?.split(",").map((p) => p.trim()) ?? [...ctx.defaultProviders]) as ProviderName[];
  const lookbackDays = Number(option(argv, "lookback-days") ?? "30");
  const startText = option(argv, "start");
  const endText = option(argv, "end");
  const fail = (message: string) => {
    ctx.stderr(`collector: ${message}\n`);
    return 2;
  };
  if (!symbol) return fail("no symbol: pass --symbol or run it as a job (QUANTLAB_SYMBOL)");
  const unknown = providers.filter((p) => !PROVIDER_NAMES.includes(p));
  if (unknown.length > 0) return fail(`unknown provider(s) ${unknown.join(", ")}; known: ${PROVIDER_NAMES.join(", ")}`);
  if (!(lookbackDays > 0)) return fail(`'--lookback-days' must be a positive number, got '${option(argv, "lookback-days")}'`);
  let start = startText === undefined ? now - lookbackDays * 86_400_000 : toEpochMs(startText);
  const end = endText === undefined ? now : toEpochMs(endText);
  if (Number.isNaN(start)) return fail(`'--start' must be an ISO-8601 time, got '${startText}'`);
  if (Number.isNaN(end)) return fail(`'--end' must be an ISO-8601 time, got '${endText}'`);

  const mode = env.QUANTLAB_MODE ?? "append";
  let latest: number | null = null;
  if (mode === "append" && env.QUANTLAB_STORE && env.QUANTLAB_STORE !== "mem://" && env.QUANTLAB_LIBRARY) {
    latest = await readLatest(env.QUANTLAB_STORE, env.QUANTLAB_LIBRARY, symbol);
    if (latest !== null) start = Math.floor(latest) + 1;
  }
  const providerOptions = {
    binance: { baseUrl: env[BASE_URL_ENV.binance] || undefined, env },
    bybit: { baseUrl: env[BASE_URL_ENV.bybit] || undefined },
    yahoo: { baseUrl: env[BASE_URL_ENV.yahoo] || undefined },
  };
  try {
    const { table, actions, source, failures } = await fetchWithFailover(symbol, { providers, providerOptions, interval, start, end: Math.max(start, end) });
    // Corporate actions (Yahoo) go straight into <symbol>.actions, before the runner stores the bars.
    let actionsVersion: number | null = null;
    if (actions !== null && env.QUANTLAB_STORE && env.QUANTLAB_STORE !== "mem://" && env.QUANTLAB_LIBRARY) {
      actionsVersion = await writeActions(env.QUANTLAB_STORE, env.QUANTLAB_LIBRARY, symbol, actions, start, Math.max(start, end), source);
    }
    ctx.stdout(barsCsv(table));
    const report = {
      collector: env.QUANTLAB_JOB ?? "manual",
      symbol,
      source,
      interval,
      rows: table.numRows(),
      start: new Date(start).toISOString(),
      end: new Date(Math.max(start, end)).toISOString(),
      after: latest === null ? null : new Date(latest).toISOString(),
      ...(actions === null ? {} : { actions: actions.numRows(), actionsVersion }),
      failedOver: failures.map((e) => ({ provider: e.provider, code: e.code, status: e.status ?? null, attempts: e.attempts })),
    };
    ctx.stderr(JSON.stringify(report) + "\n");
    // Run as a job: the source goes into the stored version's metadata through the runner.
    if (env.QUANTLAB_METADATA) {
      const { source: from, interval: tf, start: s, end: e, failedOver } = report;
      fs.writeFileSync(env.QUANTLAB_METADATA, JSON.stringify({ source: from, interval: tf, fetchedAt: new Date(now).toISOString(), start: s, end: e, failedOver: failedOver.map((f) => f.provider) }));
    }
    return 0;
  } catch (error) {
    if (error instanceof ProviderError) {
      ctx.stderr(`collector: ${error.message}\n`);
      for (const failure of error.failures) ctx.stderr(`collector:   ${failure.message}\n`);
      return error.code === "INVALID_OPTIONS" ? 2 : 1;
    }
    throw error;
  }
}

/** The latest stored bar of a symbol, with the store open only for this read. */
async function readLatest(storeUri: string, library: string, symbol: string): Promise<number | null> {
  const arctic = await Arctic.open(storeUri);
  try {
    if (!(await arctic.hasLibrary(library))) return null;
    return await latestTimestamp(await arctic.getLibrary(library), symbol);
  } finally {
    await arctic.close();
  }
}

/** Stores a run's corporate actions, with the store open only for this write. */
async function writeActions(storeUri: string, library: string, symbol: string, actions: Table, start: number, end: number, source: string): Promise<number | null> {
  const arctic = await Arctic.open(storeUri);
  try {
    return await storeActions(await arctic.getLibrary(library, { createIfMissing: true }), symbol, actions, start, end, source);
  } finally {
    await arctic.close();
  }
}
