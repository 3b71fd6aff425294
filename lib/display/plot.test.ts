import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TimestampArray, toTable } from "../frame";
import { candlestickChart, closedSpans } from "./charts/candlestickChart";
import { drawdownOf, equityChart } from "./charts/equityChart";
import { heatmapChart } from "./charts/heatmapChart";
import { lineChart } from "./charts/lineChart";
import { DisplayError } from "./DisplayError";
import { plainFigure, plotlyDate } from "./figure";
import { figureHtml } from "./figureHtml";
import { plot } from "./plot";
import { plotHtml, scriptJson } from "./plotHtml";
import { plotlyFile, plotlyServedPath } from "./plotlyBundle";
import { withPlotlyInlined } from "./selfContained";

const bars = () =>
  toTable([
    ["timestamp", TimestampArray.from([Date.UTC(2024, 0, 2, 14, 30), Date.UTC(2024, 0, 2, 14, 31)])],
    ["Open", Float64Array.from([10, 11])],
    ["High", Float64Array.from([12, 11.5])],
    ["Low", Float64Array.from([9.5, 10])],
    ["Close", Float64Array.from([11, 10.5])],
    ["Volume", Float64Array.from([100, 200])],
  ]);

describe("plainFigure", () => {
  it("turns typed arrays into arrays, timestamps into UTC date strings and non-finite numbers into gaps", () => {
    const out = plainFigure({ x: TimestampArray.from([Date.UTC(2024, 0, 2, 9, 30, 0, 5)]), y: Float64Array.from([1, NaN, Infinity]), z: BigInt64Array.from([3n]), d: new Date(0), skip: undefined });
    expect(out).toEqual({ x: ["2024-01-02 09:30:00.005"], y: [1, null, null], z: [3], d: "1970-01-01" });
  });

  it("writes each date in its shortest exact form, which reads back as the same instant", () => {
    expect([Date.UTC(2024, 0, 2), Date.UTC(2024, 0, 2, 9, 30), Date.UTC(2024, 0, 2, 9, 30, 5), Date.UTC(2024, 0, 2, 0, 0, 0, 120), Date.UTC(2024, 0, 2) + 0.001].map(plotlyDate)).toEqual([
      "2024-01-02",
      "2024-01-02 09:30",
      "2024-01-02 09:30:05",
      "2024-01-02 00:00:00.120",
      "2024-01-02 00:00:00.000001",
    ]);
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(2100, 0, 1) }), fc.constantFrom(1, 1_000, 60_000, 86_400_000), (ms, unit) => {
        const t = Math.floor(ms / unit) * unit;
        const text = plotlyDate(t);
        const iso = text.length === 10 ? `${text}T00:00:00Z` : `${text.replace(" ", "T")}${text.length === 16 ? ":00" : ""}Z`;
        expect(Date.parse(iso)).toBe(t);
      }),
    );
  });
});

describe("chart builders", () => {
  it("candlestickChart finds OHLCV columns whatever their case and adds a volume panel, markers and spans", () => {
    const fig = candlestickChart(bars(), { title: "T", markers: [{ timestamp: Date.UTC(2024, 0, 2, 14, 31), price: 10.5, text: "sell", symbol: "triangle-down" }], shapes: [{ x0: "2024-01-02 14:30", x1: "2024-01-02 14:31" }] });
    expect(fig.data.map((t) => t.type)).toEqual(["candlestick", "bar", "scatter"]);
    expect(Array.from(fig.data[0].close as Float64Array)).toEqual([11, 10.5]);
    expect(fig.data[1].yaxis).toBe("y2");
    expect((fig.layout?.shapes as unknown[]).length).toBe(1);
    expect(candlestickChart(bars(), { volume: false }).data.map((t) => t.type)).toEqual(["candlestick"]);
  });

  it("hides the hours without bars: nights and weekends become range breaks, grouped by length", () => {
    const H = 3_600_000;
    const day = (d: number, h: number) => Date.UTC(2024, 0, d, h);
    // Two hourly bars a day (14:00, 15:00) on Thu 4, Fri 5 and Mon 8 January.
    const ts = [day(4, 14), day(4, 15), day(5, 14), day(5, 15), day(8, 14), day(8, 15)];
    expect(closedSpans(TimestampArray.from(ts))).toEqual([
      { values: ["2024-01-04 16:00"], dvalue: 22 * H },
      { values: ["2024-01-05 16:00"], dvalue: 70 * H },
    ]);
    const bars = { timestamp: ts.map((t) => new Date(t)), open: ts.map(() => 1), high: ts.map(() => 1), low: ts.map(() => 1), close: ts.map(() => 1) };
    expect((candlestickChart(bars).layout?.xaxis as { rangebreaks: unknown[] }).rangebreaks).toHaveLength(2);
    expect((candlestickChart(bars, { gaps: "show" }).layout?.xaxis as { rangebreaks: unknown[] }).rangebreaks).toEqual([]);
  });

  it("names the missing column and the columns there are", () => {
    const noClose = toTable([["timestamp", [1]], ["open", [1]], ["high", [1]], ["low", [1]]]);
    expect(() => candlestickChart(noClose)).toThrow(DisplayError);
    expect(() => candlestickChart(noClose)).toThrow("candlestickChart: the table has no column 'close' (it has 'timestamp', 'open', 'high', 'low')");
    expect(() => lineChart(bars(), { y: "vwap" })).toThrow("lineChart: the table has no column 'vwap'");
  });

  it("lineChart draws every numeric column by default and normalises to the first finite value", () => {
    const fig = lineChart({ timestamp: [new Date(0), new Date(1), new Date(2)], a: [NaN, 2, 4], b: [10, 5, 20] }, { normalize: true });
    expect(fig.data.map((t) => t.name)).toEqual(["a", "b"]);
    expect(Array.from(fig.data[0].y as Float64Array)).toEqual([NaN, 1, 2]);
    expect(Array.from(fig.data[1].y as Float64Array)).toEqual([1, 0.5, 2]);
  });

  it("drawdownOf agrees with the running-peak definition on any equity curve", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 1, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 200 }), (equity) => {
        const dd = drawdownOf(equity);
        equity.forEach((v, i) => {
          const peak = Math.max(...equity.slice(0, i + 1));
          expect(dd[i]).toBeCloseTo(v / peak - 1, 12);
          expect(dd[i]).toBeLessThanOrEqual(0);
        });
      }),
    );
  });

  it("equityChart plots drawdown in percent below zero, from a given column or computed", () => {
    const given = equityChart({ timestamp: [new Date(0), new Date(1)], equity: [100, 90], drawdown: [0, 0.1] });
    expect(Array.from(given.data[1].y as Float64Array)).toEqual([-0, -10]);
    const computed = equityChart({ timestamp: [new Date(0), new Date(1), new Date(2)], equity: [100, 80, 120] });
    expect(Array.from(computed.data[1].y as Float64Array).map((v) => Math.round(v))).toEqual([0, -20, 0]);
  });

  it("heatmapChart checks the matrix shape", () => {
    expect(heatmapChart({ x: [1, 2], y: [10], z: [[0.5, NaN]] }).data[0].z).toEqual([[0.5, NaN]]);
    expect(() => heatmapChart({ x: [1, 2], y: [10, 20], z: [[1, 2]] })).toThrow("z must have 2 rows (one per y) of 2 values (one per x)");
  });
});

describe("plot HTML", () => {
  it("keeps data that looks like markup from closing the script", () => {
    const json = scriptJson({ title: "</script><script>alert(1)</script>" });
    expect(json).not.toContain("</script");
    expect(JSON.parse(json)).toEqual({ title: "</script><script>alert(1)</script>" });
  });

  it("inlines plotly.js only when asked; otherwise the chart loads it from the Jupyter server, without a script src", () => {
    const withLib = plotHtml("p1", { data: [] }, 300, true);
    const without = plotHtml("p2", { data: [] }, 300, false);
    expect(withLib.length).toBeGreaterThan(1_000_000);
    expect(withLib).toMatch(/plotly\.js \d+\.\d+\.\d+, inlined by quantlab/);
    expect(without.length).toBeLessThan(3_000);
    expect(without).toContain(JSON.stringify(plotlyServedPath()));
    expect(plotlyServedPath()).toBe(`nbextensions/quantlab/plotly-${plotlyFile().version}.min.js`);
    expect(without).toContain("plotly.js is not loaded on this page");
    expect(without).not.toMatch(/<script[^>]+src=/);
  });

  it("withPlotlyInlined puts plotly.js once into a page with charts, before its charts, and leaves other pages alone", () => {
    const chart = plotHtml("quantlab-plot-0a1b2c", { data: [] }, 300, false);
    const page = `<!DOCTYPE html><html><head><title>r</title></head><body>${chart}\n${chart}</body></html>`;
    const once = withPlotlyInlined(page);
    expect(once.match(/inlined by quantlab/g)).toHaveLength(1);
    expect(once.indexOf("inlined by quantlab")).toBeLessThan(once.indexOf("<body>"));
    expect(once.length - page.length).toBeGreaterThan(1_000_000);
    expect(withPlotlyInlined(once)).toBe(once);
    const noCharts = "<html><head></head><body><p>no charts, $& $1</p></body></html>";
    expect(withPlotlyInlined(noCharts)).toBe(noCharts);
  });

  it("figureHtml is a whole offline page: no external script", () => {
    const page = figureHtml(candlestickChart(bars(), { title: "AAPL <1m>" }));
    expect(page.startsWith("<!DOCTYPE html>")).toBe(true);
    expect(page).toContain("<title>AAPL &lt;1m&gt;</title>");
    expect(page).not.toMatch(/<script[^>]+src=/);
  });

  it("plot outside a kernel prints a one-line description; a figure without traces is refused", () => {
    const writes: string[] = [];
    const write = process.stdout.write;
    process.stdout.write = ((t: string) => {
      writes.push(t);
      return true;
    }) as unknown as typeof process.stdout.write;
    try {
      plot(candlestickChart(bars(), { title: "AAPL" }));
    } finally {
      process.stdout.write = write;
    }
    expect(writes).toEqual(["Figure: AAPL (2 traces: candlestick, bar)\n"]);
    expect(() => plot({} as never)).toThrow("plot: the figure needs 'data', an array of plotly traces");
  });
});
