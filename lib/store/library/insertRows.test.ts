import { afterAll, describe, expect, it } from "vitest";
import { Arctic } from "../Arctic";

describe("large inserts", () => {
  const opened: Arctic[] = [];
  afterAll(async () => {
    for (const ac of opened) await ac.close();
  });

  it("stages a frame larger than one Parquet chunk in several files and keeps every row in order", async () => {
    const ac = await Arctic.open("mem://");
    opened.push(ac);
    const lib = await ac.createLibrary("big");
    const n = 983_040 * 2 + 12_345; // three staged chunks, the last one partial
    const timestamp = new Float64Array(n);
    const value = new Float64Array(n);
    const label: (string | null)[] = new Array(n);
    for (let i = 0; i < n; i++) {
      timestamp[i] = Date.UTC(2020, 0, 1) + i * 1000;
      value[i] = i % 7 === 0 ? NaN : i * 0.5;
      label[i] = i % 100_000 === 0 ? null : i % 3 === 0 ? "a" : "b";
    }
    await lib.write("S", { timestamp, value, label });
    const back = (await lib.read("S")).data;
    expect(back.numRows()).toBe(n);
    const ts = back.column("timestamp") as unknown as Float64Array;
    const vs = back.column("value") as unknown as Float64Array;
    const ls = back.column("label") as unknown as (string | null)[];
    let mismatches = 0;
    for (let i = 0; i < n; i++) {
      if (ts[i] !== timestamp[i] || !Object.is(vs[i], value[i]) || ls[i] !== label[i]) mismatches++;
    }
    expect(mismatches, "rows differing after the chunked insert").toBe(0);
    // Row-number windows cross the chunk boundaries exactly.
    const edge = (await lib.read("S", { rowRange: [983_040 - 2, 983_040 + 2] })).data;
    expect(Array.from(edge.column("timestamp") as unknown as Float64Array)).toEqual(
      Array.from(timestamp.subarray(983_040 - 2, 983_040 + 2)),
    );
  });
});
