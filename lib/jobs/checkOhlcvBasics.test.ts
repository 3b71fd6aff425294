import { describe, expect, it } from "vitest";
import { toTable } from "../frame";
import { checkOhlcvBasics } from "./checkOhlcvBasics";

const day = (d: number) => Date.UTC(2024, 0, d);
const bars = (rows: [number, number, number, number, number, number | null][]) =>
  toTable([
    ["timestamp", Float64Array.from(rows.map((r) => r[0]))],
    ["open", rows.map((r) => r[1])],
    ["high", rows.map((r) => r[2])],
    ["low", rows.map((r) => r[3])],
    ["close", rows.map((r) => r[4])],
    ["volume", rows.map((r) => r[5])],
  ]);

describe("checkOhlcvBasics (the job runner's default validator)", () => {
  it("passes good bars and tables that are not OHLCV", () => {
    expect(checkOhlcvBasics(bars([[day(1), 10, 11, 9, 10.5, 5], [day(2), 10.5, 12, 10, 11, 0]]))).toEqual([]);
    expect(checkOhlcvBasics(toTable([["timestamp", [day(2), day(1)]], ["value", [1, 2]]]))).toEqual([]);
  });

  it("names each invalid row with lib/validate's reasons", () => {
    const problems = checkOhlcvBasics(
      bars([
        [day(1), 10, 11, 9, 10.5, 5],
        [day(2), 10, 10.2, 9, 10.4, 5],
        [day(3), 10, 11, 9, NaN, 5],
        [day(4), 10, 11, 9, 10, -1],
        [day(5), 10, 11, 9, 10, null],
      ]),
    );
    expect(problems).toEqual([
      "row 1: high 10.2 < max(open, close) 10.4",
      "row 2: close is NaN",
      "row 3: volume -1 < 0",
      "row 4: volume is null",
    ]);
  });

  it("reports rows sharing a timestamp (copies or not) and rows out of time order", () => {
    const problems = checkOhlcvBasics(
      bars([
        [day(1), 10, 11, 9, 10, 5],
        [day(1), 10, 11, 9, 10, 5],
        [day(3), 10, 11, 9, 10, 5],
        [day(3), 10, 11, 9, 10.5, 5],
        [day(2), 10, 11, 9, 10, 5],
      ]),
    );
    expect(problems).toEqual([
      "rows 0, 1: the same timestamp 2024-01-01T00:00:00.000Z (copies)",
      "rows 2, 3: the same timestamp 2024-01-03T00:00:00.000Z with different values",
      "row 4: timestamp 2024-01-02T00:00:00.000Z is out of time order",
    ]);
  });

  it("checks the values of a table without a time index; column names in any case; at most `limit` problems", () => {
    const t = toTable([
      ["Open", [1, 1, 1, 1]],
      ["High", [0.5, 0.5, 0.5, 2]],
      ["Low", [1, 1, 1, 1]],
      ["Close", [1, 1, 1, 1]],
    ]);
    expect(checkOhlcvBasics(t, undefined, 2)).toEqual(["row 0: high 0.5 < max(open, close) 1; high 0.5 < low 1", "row 1: high 0.5 < max(open, close) 1; high 0.5 < low 1"]);
    expect(checkOhlcvBasics(t)).toHaveLength(3);
  });
});
