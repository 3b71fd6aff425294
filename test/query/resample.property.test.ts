import fc from "fast-check";
import { afterAll, beforeAll, describe, it } from "vitest";
import { Arctic, Library, QueryBuilder, ResampleOptions } from "../../lib/store";
import { parseOffset, parseRule } from "../../lib/store/query/rule";
import { calendar } from "../../lib/market";
import { frameArb, toColumns } from "./arbitraries";
import { RefAgg, Row, expectRows, instantOfWall, refResample, tableRows, wallMs } from "./reference";

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

/**
 * The documented edges of a fixed-length rule: origin (+ offset) + k * rule; closed "left" buckets are
 * [edge k, edge k+1), "right" ones (edge k, edge k+1]; a "right" label is edge k+1. With a time zone the
 * edges are wall-clock times there, turned back into instants.
 */
function fixedReference(rows: Row[], rule: string, o: ResampleOptions): Row[] {
  const f = parseRule(rule).us! / 1000;
  const tz = o.timezone ?? "UTC";
  const wall = (t: number) => (tz === "UTC" ? t : wallMs(t, tz));
  const walls = times(rows).map(wall);
  const min = Math.min(...walls);
  const max = Math.max(...walls);
  const origin =
    o.origin === undefined || o.origin === "epoch"
      ? parseRule(rule).unit === "week"
        ? 4 * DAY
        : 0
      : o.origin === "start"
        ? min
        : o.origin === "end"
          ? max
          : o.origin === "start_day"
            ? Math.floor(min / DAY) * DAY
            : o.origin === "end_day"
              ? Math.ceil(max / DAY) * DAY
              : wall(new Date(o.origin as string).getTime());
  const shift = origin + (o.offset === undefined ? 0 : parseOffset(o.offset) / 1000);
  const bucketOf = (t: number) => (o.closed === "right" ? Math.ceil((wall(t) - shift) / f) - 1 : Math.floor((wall(t) - shift) / f));
  const label = (k: number) => {
    const w = shift + (k + (o.label === "right" ? 1 : 0)) * f;
    return tz === "UTC" ? w : instantOfWall(w, tz);
  };
  return refResample(rows, bucketOf, label, AGGS, o.emptyBuckets === "keep");
}

/** Calendar months: a row's month is that of its (wall) time minus the offset (minus a moment when closed right). */
function monthReference(rows: Row[], rule: string, o: ResampleOptions): Row[] {
  const n = parseRule(rule).count;
  const tz = o.timezone ?? "UTC";
  const off = o.offset === undefined ? 0 : parseOffset(o.offset) / 1000;
  const monthOf = (t: number, right: boolean) => {
    const d = new Date((tz === "UTC" ? t : wallMs(t, tz)) - off - (right ? 1 : 0));
    return d.getUTCFullYear() * 12 + d.getUTCMonth();
  };
  const plain = times(rows).map((t) => monthOf(t, false));
  const origin = o.origin === "start" ? Math.min(...plain) : o.origin === "end" ? Math.max(...plain) : 1970 * 12;
  const bucketOf = (t: number) => Math.floor((monthOf(t, o.closed === "right") - origin) / n);
  const label = (k: number) => {
    const idx = origin + (k + (o.label === "right" ? 1 : 0)) * n;
    const w = Date.UTC(Math.floor(idx / 12), idx % 12, 1) + off;
    return tz === "UTC" ? w : instantOfWall(w, tz);
  };
  return refResample(rows, bucketOf, label, AGGS, o.emptyBuckets === "keep");
}

const common = {
  closed: fc.constantFrom("left" as const, "right" as const),
  label: fc.constantFrom("left" as const, "right" as const),
  emptyBuckets: fc.constantFrom("drop" as const, "keep" as const),
};

describe("resample against the plain-JS reference", () => {
  it("fixed rules from seconds to weeks, every closed/label combination, offsets and origins", async () => {
    await fc.assert(
      fc.asyncProperty(
        frameArb(40, 7 * 60_000 + 30_000),
        fc.constantFrom("30s", "1m", "5min", "15m", "1h", "4H", "1d", "2D", "1w"),
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

  it("day and week buckets in an IANA zone across both DST changes (23- and 25-hour days)", async () => {
    const starts = [Date.UTC(2024, 2, 8), Date.UTC(2024, 9, 31), Date.UTC(2024, 2, 29)];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...starts).chain((s) => frameArb(50, 97 * 60_000, s)),
        fc.constantFrom("1d", "1w", "2d"),
        fc.constantFrom("America/New_York", "Europe/London", "Asia/Kolkata"),
        fc.record({ ...common, offset: fc.constantFrom(undefined, "17h", "-7h") }),
        async (rows, rule, timezone, options) => {
          const o = { ...options, timezone };
          expectRows(await resampled(rows, rule, o), fixedReference(rows, rule, o), `${rule} ${JSON.stringify(o)}\n`);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("calendar months (month ends, several months per bucket, zones, offsets)", async () => {
    await fc.assert(
      fc.asyncProperty(
        frameArb(40, 9 * DAY + 3_600_000, Date.UTC(2023, 10, 28)),
        fc.constantFrom("1M", "2M", "3MS", "1mo"),
        fc.record({
          ...common,
          timezone: fc.constantFrom(undefined, "America/New_York"),
          offset: fc.constantFrom(undefined, "1d", "-6h"),
          origin: fc.constantFrom(undefined, "start", "end"),
        }),
        async (rows, rule, options) => {
          expectRows(await resampled(rows, rule, options), monthReference(rows, rule, options), `${rule} ${JSON.stringify(options)}\n`);
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
    for (const closed of ["left", "right"] as const) {
      for (const label of ["left", "right"] as const) {
        const o = { closed, label };
        expectRows(await resampled(rows, "1M", o), monthReference(rows, "1M", o), `${closed}/${label} `);
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
