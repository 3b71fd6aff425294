/**
 * Every notebook in notebooks/ runs top to bottom in a real quantlab kernel (Jupyter + tslab), against a
 * scratch store, and its outputs hold what it promises; run a second time on the same store, it shows
 * the same.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterAll, describe, expect, it } from "vitest";
import { describeFailure, runNotebook } from "../../kernel/runNotebook";
import { NotebookOutput, Volatile, outputsOf, readNotebook, visibleOutputs } from "./outputs";

const NOTEBOOKS = path.resolve(__dirname, "..", "..", "notebooks");
const names = fs.readdirSync(NOTEBOOKS).filter((f) => f.endsWith(".ipynb")).sort();

/**
 * What each notebook promises beyond "runs, shows a table and a chart": text its outputs must contain.
 * A new notebook needs an entry here.
 */
const PROMISES: Record<string, RegExp[]> = {
  "explore.ipynb": [
    /libraries: +daily, demo/,
    /AAPL: version 0, 8,190 rows/,
    /AAPL version 0: 390 one-minute bars/,
    /QueryBuilder\n {2}1\. dateRange \[2024-01-08T00:00:00\.000Z, 2024-01-12T23:59:00\.000Z\]\n {2}2\. resample 1h/,
    /Figure: AAPL, hourly bars, 8-12 January 2024 \(2 traces: candlestick, bar\)/,
    /aligned on 1m: AAPL and BTCUSD, 11 rows each; AAPL's hour 2024-01-12T20:30:00\.000Z on the first row, 2024-01-16T14:30:00\.000Z on the last/,
    /GOOG: version 0, 2148 daily bars, 2004-08-19 \.\. 2013-03-01/,
    /Figure: GOOG, weekly bars from the imported daily file/,
    /wrote versions 0, 1, 2/,
    /asOf 0: version 0, 28 bars, metadata \{"note":"first week"\}/,
    /asOf 1: version 1, 63 bars/,
    /snapshot 'two-weeks' -> version 1; asOf 1 ms before the correction was written -> version 1/,
  ],
  "data-quality.ipynb": [
    /666 bars in 9 sessions \(2024-07-03 closes early\)/,
    /score 0\.9753, 662 rows, 666 expected/,
    /Figure: SPY 5m, raw feed \(v0\)/,
    /score 0\.9753 -> 0\.9873; v0 still has 662 rows, v3 has 667/,
    /append check of 'QQQ' in 'market_data': 1 invalid row\(s\)/,
    /QQQ still has 1 version\(s\)/,
  ],
  "backtest.ipynb": [
    /Figure: SmaCross\(10, 30\) on GOOG: equity and drawdown/,
    /Figure: GOOG with the SmaCross trades \(3 traces: candlestick, bar, scatter\)/,
    /best \{ fast: \d+, slow: \d+ \} Sharpe \d/,
    /Figure: SmaCross sweep on GOOG \(1 trace: heatmap\)/,
    /stored and read back: Return \d+\.\d\d%, \d+ trades/,
    /Bollinger reversion on GOOG: [1-9]\d* trades, Return -?\d+\.\d\d%/,
    /Entry_bbands\(C,20\)_0, Exit_bbands\(C,20\)_0, Entry_bbands\(C,20\)_1, Exit_bbands\(C,20\)_1, Entry_bbands\(C,20\)_2, Exit_bbands\(C,20\)_2/,
    /SignalStrategy on GOOG: [1-9]\d* trades, Return -?\d+\.\d\d%/,
    /TrailingStrategy on GOOG: [1-9]\d* trades, Return -?\d+\.\d\d%/,
    /BTCUSD monthly from 2015: whole units 0 trades; μBTC [1-9]\d* trades, first entry \d+\.\d\d per BTC/,
    /daily SMA\(10\) on 5000 hourly bars: [1-9]\d* valued/,
    /Figure: EURUSD hourly close and its daily SMA\(10\)/,
    /portfolio of AAPL, MSFT, BTCUSD: 44,640 one-minute steps, [1-9]\d* trades \(AAPL [1-9]\d*, MSFT [1-9]\d*, BTCUSD [1-9]\d*\), Return -?\d+\.\d\d%/,
    /Figure: SmaCross\(60, 240\) on AAPL, MSFT and BTCUSD: portfolio equity and drawdown/,
    /SPLT\.actions version 0: 1 split\(s\), 16 dividend\(s\) taken out of the adjusted read/,
    /1 outlier\(s\) match a common split ratio: 2022-07-18 \(row \d+, 4:1\)/,
    /Figure: SPLT: traded vs adjusted close \(2 traces: scatter, scatter\)/,
  ],
  "live-bars.ipynb": [/ws:\/\/127\.0\.0\.1:\d+/, /Figure: BTCUSD, 1-second bars from the synthetic feed/, /accepted: [1-9]\d*/, /closed/],
  "queries.ipynb": [/QueryBuilder\n {2}1\. dateRange/, /Figure: AAPL hourly \(resampled from 1m in DuckDB\)/, /Figure: AAPL vs MSFT \(asof-joined\)/],
  "jobs.ipynb": [
    /run: success, 60 rows stored as version 0/,
    /Figure: sample_bars: run duration \(ms\)/,
    /cron now: 0 18 \* \* 1-5; as added \(asOf 0\): 30 17 \* \* 1-5/,
  ],
};

/**
 * Outputs that cannot be the same on a second run, and why. Beyond these, only the times of the runs
 * themselves (write times, run times) and random ids (charts' element ids, job run ids) may differ.
 */
const VOLATILE: Record<string, Volatile[]> = {
  "jobs.ipynb": [
    { match: /^run: success/, mask: "numbers", why: "how long the job's script took, in ms" },
    { match: /durationMs|run duration/, mask: "numbers", why: "the run history: run durations in ms" },
  ],
  "live-bars.ipynb": [{ match: /[\s\S]*/, mask: "content", why: "trades of a live feed on the wall clock: how many arrive in 3 s, on which port" }],
};

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "quantlab-notebooks-"));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

describe("notebooks in the repository", () => {
  it("are stored clean (no outputs) and name the quantlab kernel", () => {
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) {
      const nb = readNotebook(path.join(NOTEBOOKS, name));
      expect(nb.metadata.kernelspec?.name, name).toBe("quantlab");
      for (const cell of nb.cells) expect(cell.outputs ?? [], `${name} is committed with outputs`).toEqual([]);
    }
  });

  it("each have promises listed in this test", () => {
    expect(names.filter((n) => !PROMISES[n])).toEqual([]);
  });
});

describe.each(names)("notebooks/%s", (name) => {
  const store = path.join(scratch, name.replace(/\.ipynb$/, ""));
  const outFirst = path.join(scratch, name);
  const outSecond = path.join(scratch, `second-${name}`);
  let firstStarted = 0;

  it("runs headless top to bottom and shows what it promises", async () => {
    firstStarted = Date.now();
    const run = await runNotebook(path.join(NOTEBOOKS, name), { outNotebook: outFirst, env: { QUANTLAB_STORE: store } });
    expect(run.ok, describeFailure(run)).toBe(true);
    expect(run.executed).toBe(run.cells);
    const outputs: NotebookOutput[] = outputsOf(readNotebook(outFirst));
    expect(outputs.filter((o) => o.kind === "error"), "error outputs").toEqual([]);
    expect(outputs.filter((o) => o.kind === "stderr").map((o) => o.text), "stderr output").toEqual([]);
    const plots = outputs.filter((o) => o.mimes.includes("application/vnd.plotly.v1+json"));
    expect(plots.length, "plotly charts").toBeGreaterThan(0);
    for (const p of plots) expect(p.mimes, "a chart also carries HTML and text").toEqual(expect.arrayContaining(["text/html", "text/plain"]));
    expect(outputs.some((o) => o.html.includes('class="dataframe"')), "an HTML table").toBe(true);
    const text = outputs.map((o) => o.text).join("\n");
    for (const promise of PROMISES[name] ?? []) expect(text).toMatch(promise);
  }, 600_000);

  it("runs again on the same store and shows the same", async () => {
    expect(fs.existsSync(outFirst), "the first run wrote its notebook").toBe(true);
    const run = await runNotebook(path.join(NOTEBOOKS, name), { outNotebook: outSecond, env: { QUANTLAB_STORE: store } });
    expect(run.ok, describeFailure(run)).toBe(true);
    const window: [number, number] = [firstStarted, Date.now()];
    const first = visibleOutputs(readNotebook(outFirst), window, VOLATILE[name]);
    const second = visibleOutputs(readNotebook(outSecond), window, VOLATILE[name]);
    expect(second.length, "as many outputs").toBe(first.length);
    for (const [i, output] of second.entries()) expect(output, `output ${i} (cell ${output.cell})`).toEqual(first[i]);
  }, 600_000);
});
