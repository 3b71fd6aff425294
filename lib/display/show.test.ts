import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TimestampArray, toTable } from "../frame";
import { emitDisplay } from "./emit";
import { tableHtml } from "./tableHtml";
import { tablePreview } from "./tablePreview";
import { tableText } from "./tableText";

const ts = (iso: string) => Date.parse(iso);

describe("tablePreview", () => {
  it("shows every row of a short table, with each column's type", () => {
    const table = toTable([
      ["timestamp", TimestampArray.from([ts("2024-01-02T14:30:00Z"), ts("2024-01-02T14:31:00.250Z")])],
      ["close", Float64Array.from([470.5, 471.123456789])],
      ["venue", ["XNAS", null]],
      ["halted", [false, true]],
    ]);
    const p = tablePreview(table, 10);
    expect(p.rowCount).toBe(2);
    expect(p.columns).toEqual([
      { name: "timestamp", type: "timestamp" },
      { name: "close", type: "float" },
      { name: "venue", type: "string" },
      { name: "halted", type: "bool" },
    ]);
    expect(p.rows).toEqual([
      { index: 0, cells: ["2024-01-02 14:30:00", "470.500000", "XNAS", "false"] },
      { index: 1, cells: ["2024-01-02 14:31:00.250", "471.123457", null, "true"] },
    ]);
  });

  it("keeps microseconds of a timestamp and shows tiny and huge floats in 6 significant digits, as pandas writes them", () => {
    const p = tablePreview({ timestamp: [new Date(0)], x: [1.23456789e-7], y: [9.87654321e20] }, 5);
    expect(p.rows[0]?.cells.slice(1)).toEqual(["1.23457e-07", "9.87654e+20"]);
    const micro = tablePreview(toTable([["t", TimestampArray.from([1.001])]]), 5);
    expect(micro.rows[0]?.cells[0]).toBe("1970-01-01 00:00:00.001001");
  });

  it("for any length and row budget, shows the first ceil(n/2) and last floor(n/2) rows around one gap", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 1, max: 20 }), (length, rows) => {
        const table = toTable([["i", Float64Array.from({ length }, (_, i) => i)]]);
        const p = tablePreview(table, rows);
        const shown = p.rows.map((r) => (r === null ? null : r.index));
        if (length <= rows) {
          expect(shown).toEqual(Array.from({ length }, (_, i) => i));
        } else {
          const head = Math.ceil(rows / 2);
          expect(shown).toEqual([...Array.from({ length: head }, (_, i) => i), null, ...Array.from({ length: rows - head }, (_, i) => length - rows + head + i)]);
          for (const r of p.rows) if (r) expect(r.cells[0]).toBe(`${r.index}.0`);
        }
      }),
    );
  });

  it("respects an arquero filter: shows the filtered rows in order", () => {
    const table = toTable([["x", Float64Array.from([5, 1, 4, 2])]]).orderby("x");
    expect(tablePreview(table, 10).rows.map((r) => r?.cells[0])).toEqual(["1", "2", "4", "5"]);
  });
});

describe("tableHtml and tableText", () => {
  it("escapes names and values, dims nulls and states the shape", () => {
    const p = tablePreview({ "<b>": ["<script>alert(1)</script>", null] }, 10);
    const html = tableHtml(p, "a & b");
    expect(html).not.toContain("<script>");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("&lt;b&gt;");
    expect(html).toContain('<span style="color:#aaa">null</span>');
    expect(html).toContain("a &amp; b");
    expect(html).toContain("2 rows × 1 columns");
  });

  it("aligns text columns: numbers right, text left, a type line under the names", () => {
    const text = tableText(tablePreview({ sym: ["A", "BBBB"], px: [1.5, 100] }, 10));
    expect(text.split("\n")).toEqual(["   sym        px", "   string  float", "0  A         1.5", "1  BBBB    100.0", "2 rows × 2 columns"]);
  });
});

describe("emitDisplay outside a kernel", () => {
  it("writes the plain-text representation and nothing else", () => {
    const out: string[] = [];
    emitDisplay({ "text/plain": "3 rows", "text/html": "<b>3 rows</b>" }, (t) => out.push(t));
    expect(out).toEqual(["3 rows\n"]);
  });
});
