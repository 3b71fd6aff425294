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

  it("any missing column of the first release is MalformedRegistryError naming it, never a TypeError", () => {
    fc.assert(
      fc.property(fc.array(record, { minLength: 1, maxLength: 3 }), fc.constantFrom(...RUN_COLUMNS.filter((c) => c !== "leftovers")), (records, dropped) => {
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
