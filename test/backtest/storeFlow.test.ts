/** Bars read from the store go straight into a backtest; column names in any case. */
import { describe, expect, it } from "vitest";
import { backtest, readBarsCsv, toBars } from "../../lib/backtest";
import { ImportError } from "../../lib/data";
import type { Arctic } from "../../lib/store";
import { FIXTURES, loadGoog, SmaCross } from "../../lib/backtest/testing";
import * as path from "path";
import * as fs from "fs";
import * as os from "os";
import { useMemoryStore } from "../../lib/store/testing";

let arctic: Arctic;
useMemoryStore((store) => (arctic = store));

describe("backtest on stored bars", () => {
  it("gives the reference statistics from a symbol written with capitalised columns", async () => {
    const lib = await arctic.getLibrary("market_data", { createIfMissing: true });
    const bars = toBars(loadGoog());
    await lib.write("GOOG", { timestamp: bars.timestamp!, Open: bars.open, High: bars.high, Low: bars.low, Close: bars.close, Volume: bars.volume });
    const stored = await lib.read("GOOG");
    const result = backtest(stored.data, SmaCross, { finalizeTrades: true });
    // backtesting.py test_compute_stats
    expect(result.stats["Equity Final [$]"]).toBeCloseTo(51422.98999999996, 8);
    expect(result.stats.SQN).toBeCloseTo(1.0766187356697705, 12);
  });
});

describe("readBarsCsv", () => {
  it("reads dates and date-times as UTC", () => {
    const t = readBarsCsv(path.join(FIXTURES, "EURUSD.csv"));
    expect(t.numRows()).toBe(5000);
    expect(Number((t.array("timestamp") as ArrayLike<number>)[0])).toBe(Date.parse("2017-04-19T09:00:00Z"));
  });
  it("names the line and column of a bad value", () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "bt-csv-")), "bad.csv");
    fs.writeFileSync(file, ",Open,Close\n2020-01-01,1,2\n2020-01-02,x,3\n");
    try {
      expect(() => readBarsCsv(file)).toThrow(/bad\.csv line 3, column 'Open': 'x' is not a number/);
      expect(() => readBarsCsv(file)).toThrow(ImportError);
    } finally {
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
  });
});
