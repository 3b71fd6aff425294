/**
 * Benchmark `providers.fetch`: Binance klines of a long range through the adapter (pagination, token
 * bucket, breaker, retries, parsing, de-duplicated sorted Table) from the loopback fake provider of
 * test/providers, beside the bare floor: the same page requests with fetch, JSON.parse and Number() of the
 * six fields into typed arrays, and nothing else (no checks, limits, retries or de-duplication).
 * Environment: BENCH_PROVIDER_BARS (1m bars fetched, default 100000: 100 pages of 1000).
 */
import { binanceProvider } from "../lib/data/providers";
import { startFakeProviders } from "../test/providers/fakeProviders";
import type { Benchmark } from "./context";
import type { Figure } from "./report";
import { fmtRate, measurePair } from "./timing";

const T0 = Date.UTC(2024, 0, 1);
const MINUTE = 60_000;

async function run() {
  const bars = Number(process.env.BENCH_PROVIDER_BARS ?? 100_000);
  const fake = await startFakeProviders();
  try {
    fake.listings.set("BTCUSDT", { from: T0, to: T0 + bars * MINUTE });
    const end = T0 + bars * MINUTE;
    const provider = binanceProvider({ baseUrl: fake.url, env: {} });
    const { reference, subject } = await measurePair(
      async () => {
        let got = 0;
        const columns = Array.from({ length: 6 }, () => new Float64Array(bars));
        for (let from = T0; from < end; from += 1000 * MINUTE) {
          const response = await fetch(`${fake.url}/api/v3/klines?symbol=BTCUSDT&interval=1m&startTime=${from}&endTime=${end - 1}&limit=1000`);
          for (const row of JSON.parse(await response.text()) as unknown[][]) {
            for (let k = 0; k < 6; k++) columns[k][got] = Number(row[k]);
            got++;
          }
        }
        if (got !== bars) throw new Error(`bench: the floor read ${got} bars, expected ${bars}`);
      },
      async () => {
        const table = await provider.fetchBars("BTCUSDT", { interval: "1m", start: T0, end });
        if (table.numRows() !== bars) throw new Error(`bench: fetchBars gave ${table.numRows()} bars, expected ${bars}`);
      },
      { reps: 5, label: `fetchBars ${bars} 1m bars` },
    );
    const figures: Figure[] = [
      {
        name: `binance fetchBars ${bars.toLocaleString("en")} 1m bars (${Math.ceil(bars / 1000)} pages, loopback)`,
        ms: subject.median,
        minMs: subject.min,
        reference: { name: "same pages with fetch + JSON.parse + Number() into 6 Float64Arrays", ms: reference.median, minMs: reference.min },
        goal: { ratio: 1.5 },
        detail: `${fmtRate(bars, subject.median)}; ${provider.transport.stats.requests} requests in all`,
      },
    ];
    return { figures, notes: ["The fake provider runs in the same process, so its JSON encoding is in both timings."] };
  } finally {
    await fake.close();
  }
}

export const providersFetch: Benchmark = { id: "providers.fetch", title: "Provider collectors: paginated klines fetch", file: "providers.ts", run };
