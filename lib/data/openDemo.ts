import { Arctic, Library } from "../store";
import { generateBars } from "./generateBars";

/** The demo library's name. */
export const DEMO_LIBRARY = "demo";

/** The demo symbols: name, seed, first price and calendar. */
const DEMO_SYMBOLS: readonly [string, number, number, "XNYS" | "24/7"][] = [
  ["AAPL", 1, 190, "XNYS"],
  ["MSFT", 2, 410, "XNYS"],
  ["BTCUSD", 3, 60_000, "24/7"],
];

/** Options of {@link openDemo}. */
export interface OpenDemoOptions {
  /** Called before a missing symbol is generated, e.g. to show progress. @default nothing */
  onGenerate?: (symbol: string) => void;
}

/**
 * The `demo` library: January 2024 as 1-minute bars generated with fixed seeds: AAPL and MSFT in NYSE's
 * regular sessions (09:30-16:00 New York, no bars on holidays: 21 sessions, 8,190 bars each), BTCUSD
 * round the clock (44,640 bars). Symbols that are missing are generated and written as version 0 with
 * metadata `{ source: "generateBars", seed, timeframe: "1m", calendar }`; symbols already there are left as
 * they are, so calling it again never adds versions.
 * @example const demo = await openDemo(await Arctic.open()); await demo.listSymbols();
 */
export async function openDemo(arctic: Arctic, options: OpenDemoOptions = {}): Promise<Library> {
  const demo = await arctic.getLibrary(DEMO_LIBRARY, { createIfMissing: true });
  const existing = new Set(await demo.listSymbols());
  for (const [symbol, seed, startPrice, calendar] of DEMO_SYMBOLS) {
    if (existing.has(symbol)) continue;
    options.onGenerate?.(symbol);
    const bars = generateBars({ timeframe: "1m", start: "2024-01-01", end: "2024-02-01", seed, startPrice, calendar });
    await demo.write(symbol, bars, { metadata: { source: "generateBars", seed, timeframe: "1m", calendar } });
  }
  return demo;
}
