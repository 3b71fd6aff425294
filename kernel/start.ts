/**
 * `npm start`: prepares the store (a `demo` library with generated bars on first run) and opens an
 * interactive session with quantlab loaded. (The Jupyter kernel and notebooks arrive with the kernel
 * issue; until then this is the research environment.)
 */
import * as repl from "repl";
import * as lib from "../lib";

const DEMO_SYMBOLS: [string, number, number][] = [
  ["AAPL", 1, 190],
  ["MSFT", 2, 410],
  ["BTCUSD", 3, 60_000],
];

async function prepareDemo(ac: lib.Arctic): Promise<lib.Library> {
  const demo = await ac.getLibrary("demo", { createIfMissing: true });
  const existing = await demo.listSymbols();
  for (const [symbol, seed, startPrice] of DEMO_SYMBOLS) {
    if (existing.includes(symbol)) continue;
    process.stdout.write(`preparing demo data: ${symbol} (30 days of 1-minute bars)... `);
    const bars = lib.generateBars({ timeframe: "1m", start: "2024-01-01", end: "2024-01-31", seed, startPrice });
    await demo.write(symbol, bars, { metadata: { source: "generateBars", seed, timeframe: "1m" } });
    process.stdout.write("done\n");
  }
  return demo;
}

/** Prints the first rows of a Table with timestamps as ISO strings; returns nothing so the REPL stays quiet. */
function show(table: lib.Table, rows = 10): void {
  const head: [string, unknown[]][] = table.columnNames().map((name) => {
    const column = table.column(name) as unknown;
    const values = Array.from(table.array(name) as ArrayLike<unknown>).slice(0, rows);
    return [name, column instanceof lib.TimestampArray ? values.map((v) => new Date(v as number).toISOString()) : values];
  });
  lib.toTable(head).print({ limit: rows });
  if (table.numRows() > rows) console.log(`... ${table.numRows() - rows} more rows`);
}

async function main(): Promise<void> {
  const ac = await lib.Arctic.open();
  const demo = await prepareDemo(ac);
  console.log(`
quantlab: store at ${ac.root}
  libraries: ${(await ac.listLibraries()).join(", ")}
  in scope: ac (the store), demo (the demo library), show(table), and everything quantlab exports (Arctic, generateBars, ...)
  try:      show((await demo.read("AAPL", { dateRange: ["2024-01-02", "2024-01-02T23:59"] })).data)
            await demo.listVersions("AAPL")
            show(await demo.sql("select date_trunc('day', timestamp) d, last(close order by timestamp) c from {AAPL} group by d order by d"))
`);
  const session = repl.start({ prompt: "quantlab> ", ignoreUndefined: true });
  Object.assign(session.context, lib, { ac, demo, show });
  session.on("exit", () => {
    void ac.close().then(() => process.exit(0));
  });
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
