import { beforeEach, describe, expect, it } from "vitest";
import { InvalidDataError, InvalidNameError, Library } from "./index";
import { bars, columns, day, failure, storedState, useMemoryLibrary, writeVariedHistory } from "./testing";

let lib: Library;
let before: unknown;

useMemoryLibrary((store) => ({ lib } = store));
beforeEach(async () => {
  await writeVariedHistory(lib);
  before = await storedState(lib);
});

/** Asserts that nothing stored before the failed call changed. */
async function expectUnchanged(): Promise<void> {
  expect(await storedState(lib), "a failed call must leave every earlier version as it was").toEqual(before);
}

describe("names", () => {
  const FAITHFUL: [string, string][] = [
    ["quotes", `it's "AAPL"`],
    ["a semicolon and SQL", `x'; DROP TABLE ql_symbols; --`],
    ["spaces", "  spaced name  "],
    ["unicode", "株式 données 📈"],
    ["braces and percent", "{AAPL}%_\\"],
    ["500 characters", "n".repeat(499) + "'"],
  ];
  const BAD: [string, string][] = [
    ["a newline", "bad\nname"],
    ["a NUL", "bad\u0000name"],
    ["an escape", "bad\u001bname"],
    ["DEL", "bad\u007fname"],
    ["a lone surrogate", "bad\ud800name"],
    ["the empty string", ""],
  ];

  it.each(FAITHFUL)("a symbol name with %s is stored faithfully", async (_kind, name) => {
    await lib.write(name, bars([1, 2]));
    await lib.append(name, bars([3]));
    expect(await lib.listSymbols()).toContain(name);
    expect((await lib.listSymbols()).filter((s) => s === name)).toHaveLength(1);
    const item = await lib.read(name);
    expect(item.symbol).toBe(name);
    expect(columns(item.data).close).toEqual([10, 20, 30]);
    expect(await lib.hasSymbol(name)).toBe(true);
    expect((await lib.listVersions(name)).map((v) => v.symbol)).toEqual([name, name]);
    await lib.snapshot("with-it");
    expect(await lib.listSymbols({ snapshot: "with-it" })).toContain(name);
    await lib.delete(name);
    await lib.deleteSnapshot("with-it");
    await expectUnchanged();
  });

  it.each(FAITHFUL)("a snapshot name with %s is stored faithfully", async (_kind, name) => {
    await lib.snapshot(name, { metadata: { name } });
    const list = await lib.listSnapshots();
    expect(list.map((s) => s.name)).toContain(name);
    expect(list.find((s) => s.name === name)?.metadata).toEqual({ name });
    expect((await lib.read("AAPL", { asOf: name })).version).toBe(2);
    await expect(lib.snapshot(name)).rejects.toMatchObject({ code: "DUPLICATE_SNAPSHOT", snapshot: name });
    await lib.deleteSnapshot(name);
    await expectUnchanged();
  });

  it.each(FAITHFUL)("a column name with %s is stored faithfully", async (_kind, name) => {
    await lib.write("COLS", { timestamp: [new Date(day(1))], [name]: [1.5], other: ["x"] });
    const item = await lib.read("COLS");
    expect(item.data.columnNames()).toEqual(["timestamp", name, "other"]);
    expect(columns(item.data)[name]).toEqual([1.5]);
    expect((await lib.getDescription("COLS")).columns.map((c) => c.name)).toEqual(["timestamp", name, "other"]);
    expect((await lib.read("COLS", { columns: [name] })).data.columnNames()).toEqual(["timestamp", name]);
    await lib.append("COLS", { timestamp: [new Date(day(2))], [name]: [2.5], other: ["y"] });
    expect(columns((await lib.read("COLS")).data)[name]).toEqual([1.5, 2.5]);
    await lib.delete("COLS");
    await expectUnchanged();
  });

  it.each(BAD)("a symbol name with %s is rejected with InvalidNameError everywhere it is written", async (_kind, name) => {
    for (const call of [
      () => lib.write(name, bars([1])),
      () => lib.append(name, bars([1])),
      () => lib.update(name, bars([1]), { upsert: true }),
    ]) {
      const error = await failure(call);
      expect(error).toBeInstanceOf(InvalidNameError);
      expect((error as InvalidNameError).code).toBe("INVALID_NAME");
    }
    await expectUnchanged();
  });

  it.each(BAD)("a snapshot name with %s is rejected with InvalidNameError", async (_kind, name) => {
    await expect(failure(() => lib.snapshot(name))).resolves.toBeInstanceOf(InvalidNameError);
    await expectUnchanged();
  });

  it.each(BAD)("a column name with %s is rejected with InvalidNameError", async (_kind, name) => {
    await expect(failure(() => lib.write("AAPL", { timestamp: [new Date(day(9))], [name]: [1] }))).resolves.toBeInstanceOf(
      InvalidNameError,
    );
    await expectUnchanged();
  });

  it("a bad name is reported as a rejected promise, not a synchronous throw", async () => {
    // Promise-returning calls report failures through the promise, so .catch() and Promise.all work.
    let pending: Promise<unknown> | undefined;
    expect(() => {
      pending = lib.write("bad\nname", bars([1]));
    }, "write must not throw synchronously").not.toThrow();
    await expect(pending).rejects.toBeInstanceOf(InvalidNameError);
    expect(() => {
      pending = lib.listSymbols({ regex: "(" });
    }, "listSymbols must not throw synchronously").not.toThrow();
    await expect(pending).rejects.toBeInstanceOf(InvalidDataError);
    await expectUnchanged();
  });
});

describe("metadata that is not JSON", () => {
  const cycle: Record<string, unknown> = { a: 1 };
  cycle.self = cycle;
  const cases: [string, unknown][] = [
    ["a Date", { when: new Date() }],
    ["a BigInt", { n: 1n }],
    ["a function", { f: () => 1 }],
    ["a cycle", cycle],
    ["NaN", { x: NaN }],
    ["Infinity", [Infinity]],
    ["a Map", new Map()],
    ["a class instance", { e: new Error("x") }],
    ["a symbol", Symbol("s")],
  ];

  it.each(cases)("%s is rejected with InvalidDataError by write, append, update and writeMetadata", async (_kind, metadata) => {
    for (const call of [
      () => lib.write("AAPL", bars([9]), { metadata }),
      () => lib.write("NEW", bars([9]), { metadata }),
      () => lib.append("AAPL", { ...bars([9]), venue: ["X"] }, { metadata }),
      () => lib.update("AAPL", { ...bars([2]), venue: ["X"] }, { metadata }),
      () => lib.writeMetadata("AAPL", metadata),
      () => lib.snapshot("meta", { metadata }),
    ]) {
      const error = await failure(call);
      expect(error, String(call)).toBeInstanceOf(InvalidDataError);
      expect((error as Error).message).toContain("metadata");
    }
    await expectUnchanged();
  });
});
