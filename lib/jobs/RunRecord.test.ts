import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toTable } from "../frame";
import { MalformedRegistryError } from "./errors";
import { RUN_COLUMNS, RunRecord, decodeRuns, encodeRuns } from "./RunRecord";

const text = fc.string({ maxLength: 20 });
const date = fc.date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2100-01-01T00:00:00Z"), noInvalidDate: true });
const count = fc.integer({ min: 0, max: 1000 });
const record: fc.Arbitrary<RunRecord> = fc.record({
  runId: fc.uuid(),
  job: text,
  trigger: fc.constantFrom("manual", "schedule", "catch-up"),
  status: fc.constantFrom("success", "failed", "skipped", "missed"),
  cause: fc.option(fc.constantFrom("exit", "timeout", "output", "overlap"), { nil: null }),
  error: fc.option(text.filter((s) => s !== ""), { nil: null }),
  exitCode: fc.option(fc.integer({ min: 0, max: 255 }), { nil: null }),
  signal: fc.option(fc.constantFrom("SIGTERM", "SIGKILL"), { nil: null }),
  timedOut: fc.boolean(),
  attempts: count,
  rows: count,
  library: text,
  symbol: text,
  mode: fc.constantFrom("write", "append", "update"),
  version: fc.option(count, { nil: null }),
  scheduledAt: date,
  startedAt: date,
  endedAt: date,
  durationMs: fc.double({ min: 0, max: 1e7, noNaN: true }),
  stdoutTail: text,
  stderrTail: text,
  leftovers: fc.array(text, { maxLength: 3 }),
  quality: fc.option(fc.record({ score: fc.double({ min: 0, max: 1, noNaN: true }), findings: fc.array(text, { maxLength: 5 }) }), { nil: null }),
}) as fc.Arbitrary<RunRecord>;

const source = { library: "jobs", symbol: "runs", version: 7 };
/** The encoded columns as a Table, the way the store hands them back. */
const asTable = (columns: Record<string, ArrayLike<unknown>>) => toTable(Object.entries(columns).map(([n, v]) => [n, Array.from(v)]));

describe("encodeRuns / decodeRuns", () => {
  it("decoding what was encoded gives the records back", () => {
    fc.assert(
      fc.property(fc.array(record, { maxLength: 8 }), (records) => {
        expect(decodeRuns(asTable(encodeRuns(records)), source)).toEqual(records);
      }),
    );
  });

  it("a run history stored before `quality` existed reads it as null", () => {
    const record = { runId: "r", job: "j", trigger: "manual", status: "success", cause: null, error: null, exitCode: 0, signal: null, timedOut: false, attempts: 1, rows: 2, library: "l", symbol: "s", mode: "write", version: 0, scheduledAt: new Date(0), startedAt: new Date(0), endedAt: new Date(1), durationMs: 1, stdoutTail: "", stderrTail: "", leftovers: [], quality: { score: 0.5, findings: ["row 1: low above min(open, close)"] } } as RunRecord;
    const { quality: _gone, ...older } = encodeRuns([record]);
    expect(decodeRuns(asTable(older), source)[0].quality).toBeNull();
    expect(decodeRuns(asTable(encodeRuns([record])), source)[0].quality).toEqual(record.quality);
    const bad = { ...encodeRuns([record]), quality: ["{\"score\":\"high\"}"] };
    expect(() => decodeRuns(asTable(bad), source)).toThrow(MalformedRegistryError);
  });

  it("any missing column of the first release is MalformedRegistryError naming it, never a TypeError", () => {
    fc.assert(
      fc.property(fc.array(record, { minLength: 1, maxLength: 3 }), fc.constantFrom(...RUN_COLUMNS.filter((c) => c !== "leftovers" && c !== "quality")), (records, dropped) => {
        const { [dropped]: _gone, ...rest } = encodeRuns(records);
        const error = (() => {
          try {
            decodeRuns(asTable(rest), source);
          } catch (e) {
            return e;
          }
        })();
        expect(error).toBeInstanceOf(MalformedRegistryError);
        expect(error).toMatchObject({ column: dropped, symbol: "runs", version: 7 });
      }),
    );
  });
});
