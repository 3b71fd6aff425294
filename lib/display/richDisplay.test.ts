import { describe, expect, it } from "vitest";
import { TimestampArray, toTable } from "../frame";
import { DISPLAY, displayBundle, registerDisplay } from "./richDisplay";

describe("displayBundle", () => {
  it("has nothing for plain values, which print as text", () => {
    for (const value of [1, "a", null, undefined, true, [1, 2], { a: 1 }, new Date(0), [], new Map()]) expect(displayBundle(value)).toBeUndefined();
  });

  it("shows a Table as show() draws it", () => {
    const bundle = displayBundle(toTable([["timestamp", TimestampArray.from([Date.UTC(2024, 0, 2, 14, 30)])], ["x", Float64Array.from([0.5])]]));
    expect(bundle?.["text/html"]).toContain("<td>2024-01-02 14:30:00</td>");
    expect(bundle?.["text/plain"]).toContain("1 rows × 2 columns");
  });

  it("takes an object's own DISPLAY method first, then registered kinds, the last registration of a name winning", () => {
    class Quote {
      constructor(readonly bid: number) {}
      [DISPLAY]() {
        return { "text/plain": `bid ${this.bid}` };
      }
    }
    expect(displayBundle(new Quote(1.5))).toEqual({ "text/plain": "bid 1.5" });
    const isLevel = (v: unknown): v is { level: number } => typeof v === "object" && v !== null && "level" in v;
    registerDisplay({ name: "test level", matches: isLevel, bundle: () => ({ "text/plain": "first" }) });
    registerDisplay({ name: "test level", matches: isLevel, bundle: (v) => ({ "text/plain": `level ${(v as { level: number }).level}` }) });
    expect(displayBundle({ level: 3 })).toEqual({ "text/plain": "level 3" });
    expect(Symbol.for("quantlab.display")).toBe(DISPLAY);
  });
});
