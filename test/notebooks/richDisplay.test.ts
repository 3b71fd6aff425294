/**
 * A cell's last expression shows as pandas shows a DataFrame, without `show()`: in a real quantlab
 * kernel driven by Jupyter's client, a Table, a store result, a description, a version list, a
 * validation report, backtest statistics and results, bar manager stats and a chart are the cell's
 * result (an execute_result with HTML and plain text, numbered like the prompt), times in UTC or in
 * the zone set once with setDisplayOptions, int columns as int.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Arctic, displayBundle } from "../../lib";
import { applyEdits, DISPLAY_HOOK, EXECUTOR_EDITS, JUPYTER_EDITS } from "../../kernel/tslabPatch";
import { CellRun, cellProblem, runCells } from "./kernelCells";

const store = fs.mkdtempSync(path.join(os.tmpdir(), "quantlab-display-"));
afterAll(() => fs.rmSync(store, { recursive: true, force: true }));

const T0 = Date.parse("2024-01-02T14:30:00Z");
/** 5e9 > 2^31: the store returns this int column as a Float64Array, which alone would read as float. */
const BIG = 5_000_000_000;

const CELLS = {
  table: 'import { Arctic, backtest, BarManager, generateBars, lineChart, setDisplayOptions, SmaCross, validateOhlcv } from "./lib";\n' +
    'const lib = await (await Arctic.open()).getLibrary("demo");\nconst item = await lib.read("AAPL");\nitem.data',
  item: "item",
  description: 'await lib.getDescription("AAPL")',
  versions: 'await lib.listVersions("AAPL")',
  report: 'const bars = generateBars({ timeframe: "1h", start: "2024-01-01", end: "2024-03-01", seed: 7 });\nvalidateOhlcv(bars, { timeframe: "1h" })',
  result: "const result = backtest(bars, SmaCross, { cash: 100_000 });\nresult",
  stats: "result.stats",
  trades: "result.trades",
  barStats: 'const bm = new BarManager({ timeframes: ["1s"] });\nbm.ingest({ symbol: "BTCUSD", timestamp: Date.parse("2024-05-01T12:00:00.250Z"), price: 64000, size: 0.1 });\nbm.stats()',
  chart: 'lineChart(item.data, { y: ["close"], title: "AAPL close" })',
  zone: 'setDisplayOptions({ timezone: "America/New_York" });\nitem.data',
  plain: "1 + 1",
  own: 'import { DISPLAY } from "./lib";\nclass Quote { constructor(readonly bid: number) {} [DISPLAY]() { return { "text/plain": `bid ${this.bid}`, "text/html": `<b>bid ${this.bid}</b>` }; } }\nnew Quote(99.5)',
  broken: '({ level: 7, [Symbol.for("quantlab.display")]() { throw new Error("no display today"); } })',
};

const NAMES = Object.keys(CELLS) as (keyof typeof CELLS)[];
let runs: Record<keyof typeof CELLS, CellRun>;

/** The one execute_result of a cell, by MIME type. */
function result(name: keyof typeof CELLS): Record<string, string> {
  const cell = runs[name];
  expect(cellProblem(cell), `${name}: ${cell.source}`).toBe("");
  expect(cell.resultData, `${name} has one execute_result`).toHaveLength(1);
  return cell.resultData[0] as Record<string, string>;
}

/** The header cells of the HTML table(s): each column's name and type. */
const headers = (html: string) => [...html.matchAll(/<th[^>]*>([^<]*)<br><span[^>]*>([^<]*)<\/span><\/th>/g)].map((m) => `${m[1]}:${m[2]}`);

describe("rich display of a cell's last expression", () => {
  beforeAll(async () => {
    const ac = await Arctic.open(`duckdb://${store}`);
    try {
      const lib = await ac.getLibrary("demo", { createIfMissing: true });
      await lib.write("AAPL", {
        timestamp: [T0, T0 + 60_000, T0 + 120_000].map((t) => new Date(t)),
        close: Float64Array.from([185.6, 184.25, 181.9]),
        volume: BigInt64Array.from([BIG, BIG + 1, BIG + 2].map(BigInt)),
        trades: Int32Array.from([10, 20, 30]),
      }, { metadata: { source: "test" } });
    } finally {
      await ac.close();
    }
    const cells = await runCells(NAMES.map((n) => CELLS[n]), { env: { QUANTLAB_STORE: store } });
    runs = Object.fromEntries(NAMES.map((n, i) => [n, cells[i]])) as typeof runs;
  }, 300_000);

  it("a Table is an HTML table with UTC times, stored int columns as int, and the same in plain text", () => {
    const data = result("table");
    expect(headers(data["text/html"])).toEqual(["timestamp:timestamp", "close:float", "volume:int", "trades:int"]);
    expect(data["text/html"]).toContain("<td>2024-01-02 14:30:00</td>");
    expect(data["text/html"]).toContain(`>${BIG + 2}</td>`);
    expect(data["text/html"]).toContain(">184.25</td>");
    expect(data["text/html"]).toContain(">185.60</td>");
    expect(data["text/html"]).toContain("3 rows × 4 columns");
    const text = data["text/plain"].split("\n");
    expect(text[1].trim().split(/\s+/)).toEqual(["timestamp", "float", "int", "int"]);
    expect(text[2]).toMatch(/^0 +2024-01-02 14:30:00 +185\.60 +5000000000 +10$/);
    expect(data["text/plain"]).not.toContain(String(T0));
  });

  it("each result is numbered like its prompt (In [n] / Out [n])", () => {
    const numbered = NAMES.filter((n) => runs[n].resultData.length > 0);
    expect(numbered.length).toBe(NAMES.length - 2);
    for (const n of numbered) expect(runs[n].resultCounts, n).toEqual([NAMES.indexOf(n) + 1]);
  });

  it("an object of the user's own class shows what its DISPLAY method gives", () => {
    expect(result("own")).toEqual({ "text/plain": "bid 99.5", "text/html": "<b>bid 99.5</b>" });
  });

  it("a display that throws says so on stderr and the value prints as text, the cell still succeeding", () => {
    const cell = runs.broken;
    expect(cell.status).toBe("ok");
    expect(cell.resultData).toEqual([]);
    expect(cell.stderr).toMatch(/quantlab: this value's display failed, so it prints as text: Error: no display today/);
    expect(cell.stdout).toMatch(/level: 7/);
  });

  it("a VersionedItem names symbol, version, library and write time, then shows its data", () => {
    const data = result("item");
    expect(data["text/plain"].split("\n")[0]).toBe("AAPL, version 0");
    expect(data["text/html"]).toMatch(/<th[^>]*>library<\/th><td[^>]*>demo<\/td>/);
    expect(data["text/html"]).toContain('{&quot;source&quot;:&quot;test&quot;}');
    expect(headers(data["text/html"])).toEqual(["timestamp:timestamp", "close:float", "volume:int", "trades:int"]);
  });

  it("getDescription shows rows, time range and the stored column types", () => {
    const data = result("description");
    expect(data["text/html"]).toMatch(/<th[^>]*>rows<\/th><td[^>]*>3<\/td>/);
    expect(data["text/html"]).toMatch(/<th[^>]*>first<\/th><td[^>]*>2024-01-02 14:30:00<\/td>/);
    expect(data["text/plain"]).toMatch(/volume +int/);
    expect(data["text/plain"]).toMatch(/close +float/);
  });

  it("listVersions is a table of versions (int) and their dates", () => {
    const data = result("versions");
    expect(headers(data["text/html"])).toEqual(["symbol:string", "version:int", "date:timestamp", "deleted:bool", "snapshots:string"]);
    expect(data["text/plain"]).toContain("1 rows × 5 columns");
  });

  it("a ValidationReport shows its score and counts", () => {
    const data = result("report");
    expect(data["text/plain"]).toMatch(/^Validation of [\d,]+ 1h bars/);
    expect(data["text/html"]).toMatch(/<th[^>]*>score<\/th><td[^>]*>[01](\.\d+)?<\/td>/);
  });

  it("backtest statistics show durations readably and times in UTC", () => {
    for (const name of ["result", "stats"] as const) {
      const data = result(name);
      expect(data["text/html"], name).toMatch(/<th[^>]*>Duration<\/th><td[^>]*>59 days 23:00:00<\/td>/);
      expect(data["text/html"], name).toMatch(/<th[^>]*>Start<\/th><td[^>]*>2024-01-01 00:00:00<\/td>/);
    }
    expect(result("result")["text/plain"]).toMatch(/^Backtest of SmaCross/);
    const trades = result("trades");
    expect(headers(trades["text/html"])).toContain("duration:duration");
    expect(trades["text/html"]).toMatch(/<td style="text-align:right">\d+ days( \d\d:\d\d:\d\d)?<\/td>/);
  });

  it("BarManager stats() lists its counters", () => {
    const data = result("barStats");
    expect(data["text/html"]).toMatch(/<th[^>]*>received<\/th><td[^>]*>1<\/td>/);
    expect(data["text/plain"]).toMatch(/spill\.barsWritten +0/);
  });

  it("a chart figure is the plot output: plotly JSON, HTML and a text line", () => {
    const data = result("chart") as Record<string, unknown>;
    expect(Object.keys(data).sort()).toEqual(["application/vnd.plotly.v1+json", "text/html", "text/plain"]);
    expect(data["text/plain"]).toMatch(/^Figure: AAPL close/);
    expect(runs.chart.displays).toEqual([]);
  });

  it("setDisplayOptions({ timezone }) shows local times with their offset and names the zone", () => {
    const data = result("zone");
    expect(headers(data["text/html"])[0]).toBe("timestamp:timestamp (America/New_York)");
    expect(data["text/html"]).toContain("<td>2024-01-02 09:30:00-05:00</td>");
  });

  it("a plain value still prints as text", () => {
    expect(runs.plain.resultData).toEqual([]);
    expect(runs.plain.stdout.trim()).toBe("2");
  });
});

describe("the kernel's hook", () => {
  const tslab = path.join(__dirname, "..", "..", "node_modules", "tslab", "dist");

  it("finds its anchors in tslab once each, and reads lib/display's displayBundle from the global slot", () => {
    const executor = fs.readFileSync(path.join(tslab, "executor.js"), "utf8");
    const patched = applyEdits("executor.js", executor, EXECUTOR_EDITS);
    expect(patched).toContain("if (!quantlabShowResult(ret)) console.log(ret);");
    expect(applyEdits("jupyter.js", fs.readFileSync(path.join(tslab, "jupyter.js"), "utf8"), JUPYTER_EDITS)).toContain('"execute_result"');
    expect((globalThis as Record<symbol, unknown>)[Symbol.for(DISPLAY_HOOK)]).toBe(displayBundle);
  });
});
