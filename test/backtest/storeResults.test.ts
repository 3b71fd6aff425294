/** Stored backtests in a real (in-memory) DuckDB store. */
import { describe, expect, it } from "vitest";
import type { Arctic } from "../../lib/store";
import { backtest, BACKTESTS_LIBRARY, loadBacktest, saveBacktest, sliceBars, toBars } from "../../lib/backtest";
import { col, loadGoog, scripted, SmaCross } from "../../lib/backtest/testing";
import { useMemoryStore } from "../../lib/store/testing";

let arctic: Arctic;
useMemoryStore((store) => (arctic = store));

describe("saveBacktest / loadBacktest", () => {
  it("stores stats as metadata, equity and trades as symbols, and reads them back", async () => {
    const result = backtest(loadGoog(), SmaCross, { finalizeTrades: true, commission: 0.001 });
    const version = await saveBacktest(arctic, "goog/smacross", result);
    expect(version).toBe(0);
    const lib = await arctic.getLibrary(BACKTESTS_LIBRARY);
    expect((await lib.listSymbols()).sort()).toEqual(["goog/smacross/equity", "goog/smacross/trades"]);

    const back = await loadBacktest(arctic, "goog/smacross");
    expect(back.stats).toEqual(result.stats);
    expect(back.params).toEqual({ fast: 10, slow: 30 });
    expect(col(back.equity, "equity")).toEqual(col(result.equity, "equity"));
    expect(col(back.equity, "timestamp")).toEqual(col(result.equity, "timestamp"));
    expect(col(back.trades, "pnl")).toEqual(col(result.trades, "pnl"));
    expect(col(back.trades, "entryTime")).toEqual(col(result.trades, "entryTime"));
  });

  it("keeps NaN statistics, a run without trades, and earlier saves", async () => {
    const short = sliceBars(toBars(loadGoog()), 0, 30);
    const idle = backtest(short, scripted([]));
    expect(idle.trades.numRows()).toBe(0);
    await saveBacktest(arctic, "idle", idle);
    const busy = backtest(short, scripted([(s) => s.buy({ size: 1 })]), { finalizeTrades: true });
    await saveBacktest(arctic, "idle", busy);

    const latest = await loadBacktest(arctic, "idle");
    expect(latest.stats["# Trades"]).toBe(1);
    const first = await loadBacktest(arctic, "idle", { asOf: 0 });
    expect(first.trades.numRows()).toBe(0);
    expect(Number.isNaN(first.stats["Win Rate [%]"])).toBe(true);
    // (JSON keeps no sign of zero: a "Max. Drawdown [%]" of -0 reads back as 0)
    const unsigned = (stats: object) => Object.fromEntries(Object.entries(stats).map(([k, v]) => [k, v === 0 ? 0 : v]));
    expect(unsigned(first.stats)).toEqual(unsigned(idle.stats));
  });

  it("rejects an empty name and reports a missing backtest", async () => {
    const result = backtest(sliceBars(toBars(loadGoog()), 0, 40), SmaCross, { params: { fast: 2, slow: 5 } });
    await expect(saveBacktest(arctic, "", result)).rejects.toThrow(/non-empty string/);
    await saveBacktest(arctic, "a", result);
    await expect(loadBacktest(arctic, "b")).rejects.toThrow(/b\/equity/);
  });
});
