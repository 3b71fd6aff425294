/**
 * plotly.js where Jupyter serves it to chart outputs: `installPlotlyExtension` puts the npm package's
 * bundle under nbextensions/quantlab/ of a Jupyter data folder, under the path the chart outputs ask for.
 * (That a real Notebook server serves it and charts draw from it: browser.test.ts and start.test.ts.)
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterAll, describe, expect, it } from "vitest";
import { installPlotlyExtension } from "../../kernel/jupyter";
import { plotlyFile, plotlyServedPath } from "../../lib/display";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "quantlab-nbext-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("installPlotlyExtension", () => {
  it("copies plotly.js to the path chart outputs load it from, once, and repairs a damaged copy", () => {
    const target = installPlotlyExtension(dir);
    expect(path.relative(dir, target).split(path.sep).join("/")).toBe(plotlyServedPath());
    const original = fs.readFileSync(plotlyFile().file);
    expect(fs.readFileSync(target).equals(original)).toBe(true);

    const written = fs.statSync(target).mtimeMs;
    expect(installPlotlyExtension(dir)).toBe(target);
    expect(fs.statSync(target).mtimeMs, "an intact copy is left alone").toBe(written);

    fs.writeFileSync(target, original.subarray(0, 1000)); // a copy cut short
    installPlotlyExtension(dir);
    expect(fs.readFileSync(target).equals(original)).toBe(true);
    expect(fs.readdirSync(path.dirname(target))).toEqual([path.basename(target)]);
  });
});
