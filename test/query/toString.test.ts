import { describe, expect, it } from "vitest";
import { QueryBuilder, col } from "../../lib/store";

describe("QueryBuilder", () => {
  it("toString shows the plan, one numbered step per line", () => {
    const q = new QueryBuilder()
      .dateRange(["2024-01-02", null])
      .filter(col("volume").gt(0).and(col("venue").isIn(["X", "Y"])))
      .apply("mid", col("high").add(col("low")).div(2))
      .resample("1h", { closed: "right", offset: "15min" })
      .agg({ close: "last", volume: ["sum", "count"] })
      .head(3);
    expect(q.toString()).toBe(
      [
        "QueryBuilder",
        "  1. dateRange [2024-01-02T00:00:00.000Z, open]",
        '  2. filter ((volume > 0) AND (venue IN ["X", "Y"]))',
        "  3. apply mid = ((high + low) / 2)",
        "  4. resample 1h closed=right label=left origin=start_day offset=15min -> close=last(close), volume_sum=sum(volume), volume_count=count(volume)",
        "  5. head 3",
      ].join("\n"),
    );
    expect(new QueryBuilder().toString()).toBe("QueryBuilder\n  (no steps: all rows)");
    // Week and month rules show their pandas anchor and the defaults pandas gives them.
    expect(new QueryBuilder().resample("1w").toString()).toContain("resample 1w closed=right label=right anchor=sunday ->");
    expect(new QueryBuilder().resample("3M").toString()).toContain("resample 3M closed=right label=right anchor=month-end ->");
    expect(new QueryBuilder().resample("1MS").toString()).toContain("resample 1MS closed=left label=left anchor=month-start ->");
    expect(new QueryBuilder().groupBy(["a", "b"]).agg({ n: { column: "x", agg: "std" } }).toString()).toContain("groupBy a, b -> n=std(x)");
  });

  it("is immutable: each method returns a new builder and leaves the old one unchanged", () => {
    const base = new QueryBuilder().filter(col("x").gt(1));
    const a = base.head(2);
    const b = base.tail(2);
    expect(base.steps).toHaveLength(1);
    expect(a.steps.map((s) => s.kind)).toEqual(["filter", "head"]);
    expect(b.steps.map((s) => s.kind)).toEqual(["filter", "tail"]);
    const grouped = base.groupBy("v");
    grouped.agg({ x: "sum" });
    expect(grouped.steps[1]).toMatchObject({ kind: "groupBy", aggs: null });
  });

  it("expressions print readably, quoting odd column names", () => {
    expect(col("a b").abs().le(3).not().or(col("c").isNull(), col("d").matches(/^x/i)).toString()).toBe('(NOT (abs("a b") <= 3) OR (c IS NULL) OR (d MATCHES /^x/i))');
  });
});
