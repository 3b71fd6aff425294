import fc from "fast-check";
import { afterAll, beforeAll, describe, it } from "vitest";
import { Arctic, Library, QueryBuilder, ResampleOptions } from "../../lib/store";
import { parseOffset, parseRule } from "../../lib/store/query/rule";
import { calendar } from "../../lib/market";
import { frameArb, toColumns } from "./arbitraries";
import { RefAgg, Row, edgeBucketOf, expectRows, instantOfWall, refResample, tableRows, wallMs } from "./reference";

let ac: Arctic;
let lib: Library;
beforeAll(async () => {
  ac = await Arctic.open("mem://");
  lib = await ac.createLibrary("q");
});
afterAll(async () => {
  await ac.close();
});

const DAY = 86_400_000;
const AGGS: RefAgg[] = [
  { output: "first", column: "x", agg: "first" },
  { output: "last", column: "x", agg: "last" },
  { output: "hi", column: "n", agg: "max" },
  { output: "vol", column: "n", agg: "sum" },
  { output: "count", column: "venue", agg: "count" },
];
const spec = Object.fromEntries(AGGS.map((a) => [a.output, { column: a.column, agg: a.agg }]));

async function resampled(rows: Row[], rule: string, options: ResampleOptions): Promise<Row[]> {
  await lib.write("R", toColumns(rows));
  const q = new QueryBuilder().resample(rule, options).agg(spec);
  return tableRows((await lib.read("R", { query: q })).data);
}

const times = (rows: Row[]) => rows.map((r) => r.timestamp as number);

const offsetMs = (o: ResampleOptions) => (o.offset === undefined ? 0 : parseOffset(o.offset) / 1000);
/** The documented defaults: pandas' ("right" for "W", "M" and origins counted from the end). */
function withDefaults(rule: string, o: ResampleOptions): Required<Pick<ResampleOptions, "closed" | "label">> & ResampleOptions {
  const r = parseRule(rule);
  const right = r.anchor === "end" || o.origin === "end" || o.origin === "end_day" ? "right" : "left";
  return { ...o, closed: o.closed ?? right, label: o.label ?? right };
}

/**
 * The documented edges of a rule counted from an origin (seconds to days): origin (+ offset) + k * rule,
 * the origin's midnights being the zone's. Under a day the edges are instants; days in a zone are wall
 * times there, each turned into its instant as pandas does ({@link instantOfWall}). A row belongs to the
 * last edge at or before it (closed left) or before it (closed right); a "2d" closed-right edge moves to
 * the end of its day. A right label is the next edge.
 */
function fixedReference(rows: Row[], rule: string, options: ResampleOptions): Row[] {
  const o = withDefaults(rule, options);
  const r = parseRule(rule);
  const f = r.us! / 1000;
  const tz = o.timezone ?? "UTC";
  const wall = (t: number) => (tz === "UTC" ? t : wallMs(t, tz));
  const instant = (w: number) => (tz === "UTC" ? w : instantOfWall(w, tz));
  const walls = times(rows).map(wall);
  const ts = times(rows);
  const inWall = r.unit === "day";
  // Day rules count in the zone's wall clock; shorter rules in instants, from the zone's midnights.
  const origin =
    o.origin === "start"
      ? inWall ? Math.min(...walls) : Math.min(...ts)
      : o.origin === "end"
        ? inWall ? Math.max(...walls) : Math.max(...ts)
        : o.origin === "epoch"
          ? inWall ? 0 : instant(0)
          : o.origin === "end_day"
            ? inWall ? Math.ceil(Math.max(...walls) / DAY) * DAY : instant(Math.ceil(Math.max(...walls) / DAY) * DAY)
            : o.origin === undefined || o.origin === "start_day"
              ? inWall ? Math.floor(Math.min(...walls) / DAY) * DAY : instant(Math.floor(Math.min(...walls) / DAY) * DAY)
              : inWall ? wall(new Date(o.origin as string).getTime()) : new Date(o.origin as string).getTime();
  const shift = origin + offsetMs(o);
  const endOfDay = r.unit === "day" && r.count >= 2 && o.closed === "right";
  const at = (k: number) => (inWall ? instant(shift + k * f) : shift + k * f);
  const boundary = (k: number) => (endOfDay ? (inWall ? instant(shift + k * f + DAY) : shift + k * f + DAY) : at(k));
  const guess = (t: number) => Math.floor(((inWall ? wall(t) : t) - shift) / f);
  const bucketOf = edgeBucketOf(boundary, endOfDay ? "left" : o.closed, guess);
  return refResample(rows, bucketOf, (k) => at(k + (o.label === "right" ? 1 : 0)), AGGS, o.emptyBuckets === "keep");
}

/**
 * Weeks and months as pandas' "W", "M" and "MS": anchors are Sundays, month ends or 1sts at 00:00 wall
 * time; the first bucket starts at the anchor on or before the first row's day (closed left) or `count`
 * anchors before it, the one before counting as the first (closed right); then every `count`-th anchor.
 * Closed right week and month-end buckets hold whole days up to their anchor's day.
 */
function anchoredReference(rows: Row[], rule: string, options: ResampleOptions): Row[] {
  const o = withDefaults(rule, options);
  const r = parseRule(rule);
  const n = r.count;
  const tz = o.timezone ?? "UTC";
  const wall = (t: number) => (tz === "UTC" ? t : wallMs(t, tz));
  const instant = (w: number) => (tz === "UTC" ? w : instantOfWall(w, tz));
  // Anchor j as a wall time (ms), and the anchor on or before a wall time's day.
  const anchor = (j: number) =>
    r.unit === "week" ? Date.UTC(1970, 0, 4 + 7 * j) : r.anchor === "end" ? Date.UTC(1970, j + 1, 1) - DAY : Date.UTC(1970, j, 1);
  const dayOf = (w: number) => Math.floor(w / DAY) * DAY;
  const rollback = (w: number) => {
    let j = r.unit === "week" ? Math.floor((dayOf(w) / DAY - 3) / 7) + 1 : (new Date(w).getUTCFullYear() - 1970) * 12 + new Date(w).getUTCMonth() + 1;
    while (anchor(j) > dayOf(w)) j--;
    return j;
  };
  const first = Math.min(...times(rows).map(wall));
  const rb = rollback(first);
  const F = o.closed === "left" ? rb : anchor(rb) === dayOf(first) ? rb - n : rb - n + 1;
  const endOfDay = o.closed === "right" && (r.unit === "week" || r.anchor === "end");
  const at = (k: number) => instant(anchor(F + k * n));
  const boundary = (k: number) => (endOfDay ? instant(anchor(F + k * n) + DAY) : at(k));
  const guess = (t: number) => Math.floor((rollback(wall(t)) - F) / n);
  const bucketOf = edgeBucketOf(boundary, endOfDay ? "left" : o.closed, guess);
  return refResample(rows, bucketOf, (k) => at(k + (o.label === "right" ? 1 : 0)), AGGS, o.emptyBuckets === "keep");
}

const common = {
  closed: fc.constantFrom("left" as const, "right" as const),
  label: fc.constantFrom("left" as const, "right" as const),
  emptyBuckets: fc.constantFrom("drop" as const, "keep" as const),
};

describe("resample against the plain-JS reference", () => {
  it("fixed rules from seconds to days, every closed/label combination, offsets and origins", async () => {
    await fc.assert(
      fc.asyncProperty(
        frameArb(40, 7 * 60_000 + 30_000),
        fc.constantFrom("30s", "1m", "5min", "15m", "1h", "4H", "1d", "2D", "7d"),
        fc.record({
          ...common,
          offset: fc.constantFrom(undefined, "15min", "-1h", "30s", 90_000),
          origin: fc.constantFrom(undefined, "epoch", "start", "start_day", "end", "end_day", "2023-12-31T23:50:00Z"),
        }),
        async (rows, rule, options) => {
          expectRows(await resampled(rows, rule, options), fixedReference(rows, rule, options), `${rule} ${JSON.stringify(options)}\n`);
        },
      ),
      { numRuns: 120 },
    );
  });

  it("data starting and ending on bucket edges (both buckets partially covered or not)", async () => {
    await fc.assert(
      fc.asyncProperty(frameArb(30, 30 * 60_000), fc.constantFrom("1h", "2h"), fc.record(common), async (rows, rule, options) => {
        expectRows(await resampled(rows, rule, options), fixedReference(rows, rule, options));
      }),
      { numRuns: 40 },
    );
  });

  it("rules from minutes to days in an IANA zone across both DST changes (23- and 25-hour days, edges in repeated and skipped hours)", async () => {
    const starts = [Date.UTC(2024, 2, 8), Date.UTC(2024, 9, 31), Date.UTC(2024, 2, 29), Date.UTC(2024, 10, 1, 20)];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...starts).chain((s) => frameArb(50, 97 * 60_000, s)),
        fc.constantFrom("1d", "2d", "1h", "45min"),
        fc.constantFrom("America/New_York", "Europe/London", "Europe/Paris", "Asia/Kolkata", "America/Havana"),
        fc.record({
          ...common,
          offset: fc.constantFrom(undefined, "17h", "-7h", "1h30min", "2h30min"),
          origin: fc.constantFrom(undefined, "epoch", "start", "end", "end_day", "2024-01-01T00:17:00Z"),
        }),
        async (rows, rule, timezone, options) => {
          const o = { ...options, timezone };
          expectRows(await resampled(rows, rule, o), fixedReference(rows, rule, o), `${rule} ${JSON.stringify(o)}\n`);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("weeks and months anchored as pandas' W, M and MS (several per bucket, zones across DST changes)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(Date.UTC(2023, 10, 28), Date.UTC(2024, 1, 25, 3)).chain((s) => frameArb(40, 9 * DAY + 3_600_000, s)),
        fc.constantFrom("1M", "2M", "3MS", "1mo", "1w", "2W", "3w"),
        fc.record({
          closed: fc.constantFrom(undefined, "left" as const, "right" as const),
          label: fc.constantFrom(undefined, "left" as const, "right" as const),
          emptyBuckets: common.emptyBuckets,
          timezone: fc.constantFrom(undefined, "America/New_York", "America/Havana"),
        }),
        async (rows, rule, options) => {
          expectRows(await resampled(rows, rule, options), anchoredReference(rows, rule, options), `${rule} ${JSON.stringify(options)}\n`);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("a row exactly on a month end goes to the month it closes when closed is right", async () => {
    const rows: Row[] = [Date.UTC(2024, 0, 31, 12), Date.UTC(2024, 1, 1), Date.UTC(2024, 1, 29, 23), Date.UTC(2024, 2, 1)].map((t, i) => ({
      timestamp: t,
      x: i,
      n: 1,
      venue: "A",
      flag: true,
    }));
    for (const rule of ["1M", "1MS"]) {
      for (const closed of ["left", "right"] as const) {
        for (const label of ["left", "right"] as const) {
          const o = { closed, label };
          expectRows(await resampled(rows, rule, o), anchoredReference(rows, rule, o), `${rule} ${closed}/${label} `);
        }
      }
    }
  });

  it("exchange sessions: one bar per XNYS session (holidays and weekends have none), or intraday bars from each open", async () => {
    const cal = calendar("XNYS");
    await fc.assert(
      fc.asyncProperty(
        frameArb(60, 41 * 60_000, Date.UTC(2024, 2, 7, 12)),
        fc.constantFrom("1d", "1h", "30m"),
        fc.record(common),
        async (rows, rule, o) => {
          const sessions = cal.sessions(new Date(Date.UTC(2024, 2, 1)), new Date(Date.UTC(2024, 2, 31)));
          const day = rule === "1d";
          const f = parseRule(rule).us! / 1000;
          const inside = (t: number, s: { open: Date; close: Date }) =>
            o.closed === "right" ? t > s.open.getTime() && t <= s.close.getTime() : t >= s.open.getTime() && t < s.close.getTime();
          const bucketOf = (t: number) => {
            const i = sessions.findIndex((s) => inside(t, s));
            if (i < 0) return null;
            if (day) return i * 1e6;
            const x = t - sessions[i].open.getTime();
            return i * 1e6 + (o.closed === "right" ? Math.ceil(x / f) - 1 : Math.floor(x / f));
          };
          const label = (k: number) => {
            const s = sessions[Math.floor(k / 1e6)];
            const j = k % 1e6;
            if (day) return o.label === "right" ? s.close.getTime() : Date.parse(s.date + "T00:00:00Z");
            return o.label === "right" ? Math.min(s.open.getTime() + (j + 1) * f, s.close.getTime()) : s.open.getTime() + j * f;
          };
          const allKeys = (lo: number, hi: number) =>
            sessions
              .flatMap((s, i) => (day ? [i * 1e6] : Array.from({ length: Math.ceil((s.close.getTime() - s.open.getTime()) / f) }, (_, j) => i * 1e6 + j)))
              .filter((k) => k >= lo && k <= hi);
          const expected = refResample(rows, bucketOf, label, AGGS, o.emptyBuckets === "keep", allKeys);
          expectRows(await resampled(rows, rule, { ...o, calendar: "XNYS" }), expected, `${rule} ${JSON.stringify(o)}\n`);
        },
      ),
      { numRuns: 40 },
    );
  });
});
