import { describe, expect, it } from "vitest";
import { toTable } from "../frame";
import { histogramChart } from "./charts/histogramChart";
import { scatterChart } from "./charts/scatterChart";
import { DisplayError } from "./DisplayError";
import { figureHtml } from "./figureHtml";

const returns = () =>
  toTable([
    ["a", Float64Array.of(0, 0.5, 1, 1, 2, NaN, Infinity)],
    ["b", Float64Array.of(-1, 0, 0, 0, 1, 1, 3)],
  ]);

describe("histogramChart", () => {
  it("counts finite values into equal bins from the smallest to the largest (the largest in the last bin)", () => {
    const fig = histogramChart(returns(), { columns: "a", bins: 4 });
    expect(fig.data).toHaveLength(1);
    expect(fig.data[0]).toMatchObject({ type: "bar", x: [0.25, 0.75, 1.25, 1.75], y: [1, 1, 2, 1], width: 0.5 });
  });

  it("several columns share the bins; density makes each set of bars integrate to 1", () => {
    const fig = histogramChart(returns(), { columns: ["a", "b"], bins: 8, density: true });
    expect(fig.data.map((t) => t.name)).toEqual(["a", "b"]);
    expect(fig.data[0].x).toEqual(fig.data[1].x);
    for (const trace of fig.data) {
      const area = (trace.y as number[]).reduce((s, h) => s + h * (trace.width as number), 0);
      expect(area).toBeCloseTo(1, 12);
    }
  });

  it("a column of one repeated value is one bar", () => {
    expect(histogramChart({ x: [2, 2, 2] }, { columns: "x" }).data[0]).toMatchObject({ x: Array(10).fill(2), y: [3, 0, 0, 0, 0, 0, 0, 0, 0, 0] });
  });

  it.each([
    ["a missing column", { columns: "c" }, "MISSING_COLUMN"],
    ["no column", { columns: [] }, "INVALID_OPTION"],
    ["zero bins", { columns: "a", bins: 0 }, "INVALID_OPTION"],
  ])("%s: DisplayError %s", (_what, options, code) => {
    let error: unknown;
    try {
      histogramChart(returns(), options);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DisplayError);
    expect(error).toMatchObject({ code });
  });

  it("renders to HTML like the other charts", () => {
    expect(figureHtml(histogramChart(returns(), { columns: "a" }))).toContain('"type":"bar"');
  });
});

describe("scatterChart", () => {
  it("draws markers of each y column against x, named after the columns", () => {
    const fig = scatterChart(returns(), { x: "b", y: "a" });
    expect(fig.data[0]).toMatchObject({ type: "scatter", mode: "markers", name: "a" });
    expect(Array.from(fig.data[0].x as Float64Array)).toEqual([-1, 0, 0, 0, 1, 1, 3]);
    expect(fig.layout).toMatchObject({ xaxis: { title: { text: "b" } }, yaxis: { title: { text: "a" } } });
  });

  it("colours markers by a column when asked", () => {
    const fig = scatterChart(returns(), { x: "b", y: ["a"], color: "b" });
    expect(fig.data[0].marker).toMatchObject({ colorscale: "Viridis", showscale: true });
  });

  it("names a missing column", () => {
    expect(() => scatterChart(returns(), { x: "b", y: "zz" })).toThrow("scatterChart: the table has no column 'zz'");
  });

  it("renders to HTML like the other charts", () => {
    expect(figureHtml(scatterChart(returns(), { x: "b", y: "a" }))).toContain('"mode":"markers"');
  });
});
