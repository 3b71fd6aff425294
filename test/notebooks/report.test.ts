/**
 * `npm run report` writes a self-contained HTML report; opened offline in headless Chromium, its charts
 * are drawn (plotly's SVG is in the page) and a screenshot is taken.
 */
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "..", "..");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "quantlab-report-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function chromium(args: string[]): string {
  const profile = fs.mkdtempSync(path.join(dir, "profile-"));
  const flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", `--user-data-dir=${profile}`];
  return execFileSync("chromium", [...flags, ...args], { encoding: "utf8", timeout: 120_000, maxBuffer: 64 * 1024 * 1024, stdio: ["ignore", "pipe", "ignore"] });
}

let report: { status: number | null; stderr: string; html: string };
beforeAll(() => {
  const result = spawnSync(path.join(ROOT, "node_modules", ".bin", "tsx"), ["lib/cli/main.ts", "report", "notebooks/explore.ipynb", "--out", path.join(dir, "reports")], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, QUANTLAB_STORE: path.join(dir, "store") },
    timeout: 600_000,
  });
  report = { status: result.status, stderr: result.stderr, html: path.join(dir, "reports", "explore.html") };
}, 600_000);

describe("npm run report", () => {
  it("prints one progress line per notebook and writes the HTML", () => {
    expect(report.status, report.stderr).toBe(0);
    expect(report.stderr).toMatch(/\[1\/1\] explore: ok, \d+ cells in [\d.]+ s -> .*explore\.html \([\d.]+ MB\)/);
    expect(fs.existsSync(report.html)).toBe(true);
  });

  it("needs nothing from the network: plotly.js is inlined, no script comes from http(s)", () => {
    const html = fs.readFileSync(report.html, "utf8");
    expect(html.match(/plotly\.js \d+\.\d+\.\d+, inlined by quantlab/g), "plotly.js inlined once").toHaveLength(1);
    expect(html).not.toMatch(/<script[^>]+src="https?:/);
    expect(html).not.toMatch(/<link[^>]+href="https?:/);
  });

  it("shows every chart when opened in headless Chromium", () => {
    const html = fs.readFileSync(report.html, "utf8");
    const charts = (html.match(/<div id="quantlab-plot-[0-9a-f]+"/g) ?? []).length;
    expect(charts).toBeGreaterThanOrEqual(3);
    const dom = chromium(["--virtual-time-budget=20000", "--dump-dom", `file://${report.html}`]);
    expect(/class="quantlab-plot[^"]*"[^>]*>plotly\.js is not loaded/.test(dom), "a chart says plotly.js is missing").toBe(false);
    const drawn = (dom.match(/class="plot-container plotly"/g) ?? []).length;
    expect(drawn, "every chart div has a drawn plotly container").toBe(charts);
    expect((dom.match(/<svg[^>]+class="main-svg"/g) ?? []).length).toBeGreaterThanOrEqual(2 * charts);
    expect(/class="trace boxes/.test(dom), "candlesticks are drawn").toBe(true);

    const png = path.join(dir, "explore.png");
    chromium(["--virtual-time-budget=20000", "--window-size=1200,4000", `--screenshot=${png}`, `file://${report.html}`]);
    const bytes = fs.readFileSync(png);
    expect(bytes.subarray(1, 4).toString()).toBe("PNG");
    expect(bytes.length).toBeGreaterThan(100_000);
  }, 300_000);
});
