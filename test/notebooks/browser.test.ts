/**
 * Charts in a real classic Notebook server, started the way `npm start` starts it, in headless Chromium:
 * a notebook with ten charts is run, saved, reloaded and reopened by someone else, and every chart is
 * drawn each time without re-running a cell, because each chart output loads plotly.js from the server
 * when the page lacks it. The saved notebook stays small: plotly.js is served, not stored.
 */
import { ChildProcess, spawn } from "child_process";
import { randomBytes } from "crypto";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prepareDeclarations } from "../../kernel/declarations";
import { findJupyter, installPlotlyExtension, jupyterInstructions, notebookServerArgs } from "../../kernel/jupyter";
import { installKernelSpec, jupyterEnv } from "../../kernel/kernelSpec";
import { Chromium, Page } from "./chromium";
import { readNotebook } from "./outputs";

const CHARTS = 10;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "quantlab-browser-"));
const notebookDir = path.join(dir, "notebooks");
const notebookFile = path.join(notebookDir, "charts.ipynb");
const token = randomBytes(16).toString("hex");

/** A notebook of ten candlestick charts with volume, a year of NYSE daily bars each (250 bars: a typical research chart). */
function chartsNotebook(): object {
  const code = (source: string) => ({ cell_type: "code", execution_count: null, id: randomBytes(4).toString("hex"), metadata: {}, outputs: [], source });
  const cells = [code('import { candlestickChart, generateBars, plot } from "./lib";')];
  for (let i = 1; i <= CHARTS; i++) {
    cells.push(code(`plot(candlestickChart(generateBars({ timeframe: "1d", start: "2023-01-01", end: "2024-01-01", calendar: "XNYS", seed: ${i} }), { title: "chart ${i}" }));`));
  }
  return { cells, metadata: { kernelspec: { name: "quantlab", display_name: "quantlab (TypeScript)", language: "typescript" } }, nbformat: 4, nbformat_minor: 5 };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

let jupyter: ChildProcess | undefined;
let jupyterLog = "";
let base = "";
let browser: Chromium | undefined;

async function api(method: string, route: string): Promise<unknown> {
  const response = await fetch(`${base}${route}`, { method, headers: { Authorization: `token ${token}` } });
  if (!response.ok) throw new Error(`${method} ${route}: ${response.status}`);
  return response.status === 204 ? null : response.json();
}

beforeAll(async () => {
  const python = findJupyter();
  if (!python) throw new Error(jupyterInstructions());
  installKernelSpec();
  installPlotlyExtension();
  prepareDeclarations();
  fs.mkdirSync(notebookDir, { recursive: true });
  fs.writeFileSync(notebookFile, JSON.stringify(chartsNotebook(), null, 1));
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const args = notebookServerArgs({ notebookDir, extra: ["--no-browser", `--port=${port}`, "--port-retries=0", `--NotebookApp.token=${token}`] });
  // The server's own state (runtime files, the trust database, config) goes into the scratch folder.
  const state = (name: string) => {
    fs.mkdirSync(path.join(dir, name), { recursive: true });
    return path.join(dir, name);
  };
  const env = jupyterEnv({ ...process.env, QUANTLAB_STORE: path.join(dir, "store"), JUPYTER_RUNTIME_DIR: state("runtime"), JUPYTER_DATA_DIR: state("data"), JUPYTER_CONFIG_DIR: state("config") });
  jupyter = spawn(python.python, args, { env, stdio: ["ignore", "pipe", "pipe"] });
  jupyter.stdout!.on("data", (c: Buffer) => (jupyterLog = (jupyterLog + c.toString()).slice(-20_000)));
  jupyter.stderr!.on("data", (c: Buffer) => (jupyterLog = (jupyterLog + c.toString()).slice(-20_000)));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (jupyter.exitCode !== null) throw new Error(`Jupyter exited (${jupyter.exitCode}):\n${jupyterLog}`);
    if (await api("GET", "/api/status").then(() => true, () => false)) break;
    if (Date.now() > deadline) throw new Error(`Jupyter did not answer in 60 s:\n${jupyterLog}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  browser = await Chromium.launch(dir);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  if (jupyter && jupyter.exitCode === null) {
    const exited = new Promise((resolve) => jupyter!.once("exit", resolve));
    jupyter.kill("SIGTERM"); // the notebook server shuts its kernels down on SIGTERM
    await exited;
  }
  fs.rmSync(dir, { recursive: true, force: true });
}, 60_000);

/** The charts on the page: how many there are, how many plotly drew (an SVG in the div), and any message. */
const CHART_STATE = `(() => {
  const divs = Array.from(document.querySelectorAll(".quantlab-plot"));
  return {
    charts: divs.length,
    drawn: divs.filter((d) => d.querySelector(".main-svg")).length,
    mainSvgs: document.querySelectorAll(".quantlab-plot .main-svg").length,
    messages: divs.map((d) => d.querySelector(".main-svg") ? "" : d.textContent).filter(Boolean),
  };
})()`;

interface ChartState {
  charts: number;
  drawn: number;
  mainSvgs: number;
  messages: string[];
}

const notebookUrl = () => `${base}/notebooks/charts.ipynb?token=${token}`;

async function openNotebook(page: Page): Promise<void> {
  await page.goto(notebookUrl());
  await page.waitFor("window.Jupyter && Jupyter.notebook && Jupyter.notebook._fully_loaded", "the notebook to load", 60_000, "document.title");
}

/** Waits until all ten charts are drawn (or a chart gives up with its message), then returns the state. */
async function chartsDrawn(page: Page, timeoutMs: number): Promise<ChartState> {
  await page
    .waitFor(`(${CHART_STATE}).drawn === ${CHARTS} || (${CHART_STATE}).messages.length > 0`, `${CHARTS} drawn charts`, timeoutMs, CHART_STATE)
    .catch(() => undefined);
  return page.evaluate<ChartState>(CHART_STATE);
}

/** Runs every cell (Cell > Run All) and waits until all ran. */
async function runAll(page: Page): Promise<void> {
  await page.evaluate("Jupyter.notebook.execute_all_cells()");
  await page.waitFor(
    `Jupyter.notebook.get_cells().every((c) => c.cell_type !== "code" || typeof c.input_prompt_number === "number") && Jupyter.notebook.kernel_busy === false`,
    "every cell to run",
    300_000,
    `Jupyter.notebook.get_cells().map((c) => c.input_prompt_number)`,
  );
}

async function reloadNotebook(page: Page): Promise<void> {
  await page.reload();
  await page.waitFor("window.Jupyter && Jupyter.notebook && Jupyter.notebook._fully_loaded", "the notebook to load again", 60_000);
}

const allDrawn = { charts: CHARTS, drawn: CHARTS, messages: [] };

describe("charts in classic Notebook (the server npm start runs), in headless Chromium", () => {
  let page: Page;

  it("draw when the notebook is run, and the saved notebook holds no plotly.js (10 charts, under 1 MB)", async () => {
    page = await browser!.newPage();
    await openNotebook(page);
    await page.waitFor("Jupyter.notebook.kernel && Jupyter.notebook.kernel.is_connected()", "the kernel", 60_000);
    await runAll(page);
    expect(await chartsDrawn(page, 60_000)).toMatchObject(allDrawn);
    expect((await page.evaluate<ChartState>(CHART_STATE)).mainSvgs).toBeGreaterThanOrEqual(2 * CHARTS);
    await page.evaluate("Jupyter.notebook.save_notebook().then(() => true)");

    const saved = fs.readFileSync(notebookFile, "utf8");
    const outputs = readNotebook(notebookFile).cells.flatMap((c) => c.outputs ?? []);
    expect(outputs.filter((o) => o.data?.["application/vnd.plotly.v1+json"])).toHaveLength(CHARTS);
    expect(saved).not.toMatch(/inlined by quantlab/);
    const bytes = Buffer.byteLength(saved);
    console.log(`saved notebook with ${CHARTS} charts: ${bytes} bytes`);
    expect(bytes, "bytes of the saved notebook with 10 charts").toBeLessThan(1_000_000);
  }, 420_000);

  it("draw again after a page reload, while the kernel runs, without re-running a cell", async () => {
    await reloadNotebook(page);
    expect(await chartsDrawn(page, 60_000)).toMatchObject(allDrawn);
    expect(await page.evaluate("typeof window.Plotly")).toBe("object");
    const loads = `performance.getEntriesByType("resource").map((e) => e.name).filter((n) => n.includes("/nbextensions/quantlab/plotly-"))`;
    expect(await page.evaluate<string[]>(loads), "plotly.js fetched from the server once for the ten charts").toHaveLength(1);
  }, 120_000);

  it("draw after every cell is run again in the same kernel, saved and the page reloaded", async () => {
    await page.waitFor("Jupyter.notebook.kernel && Jupyter.notebook.kernel.is_connected()", "the kernel", 60_000);
    await runAll(page);
    expect(await page.evaluate("Jupyter.notebook.get_cells()[0].input_prompt_number"), "the same kernel, second run").toBe(CHARTS + 2);
    expect(await chartsDrawn(page, 60_000)).toMatchObject(allDrawn);
    await page.evaluate("Jupyter.notebook.save_notebook().then(() => true)");
    await reloadNotebook(page);
    expect(await chartsDrawn(page, 60_000)).toMatchObject(allDrawn);
    await page.close();
  }, 420_000);

  it("draw in the saved notebook reopened by someone else after its kernel was shut down", async () => {
    for (const session of (await api("GET", "/api/sessions")) as { id: string }[]) await api("DELETE", `/api/sessions/${session.id}`);
    expect(await api("GET", "/api/kernels")).toEqual([]);
    const other = await browser!.newPage(); // a new browser context: no cookies, no cache of this page
    await openNotebook(other);
    expect(await chartsDrawn(other, 60_000)).toMatchObject(allDrawn);
    await other.close();
  }, 120_000);
});
