import { beforeEach, describe, expect, it } from "vitest";
import {
  Arctic,
  DataError,
  DuplicateSnapshotError,
  InvalidDataError,
  InvalidNameError,
  Library,
  LibraryExistsError,
  LibraryNotFoundError,
  NoSuchVersionError,
  SchemaError,
  SnapshotNotFoundError,
  StoreBusyError,
  StoreError,
  StoreErrorCode,
  SymbolNotFoundError,
  UnsortedDataError,
  isDataError,
} from "./index";
import { bars, failure, useMemoryLibrary } from "./testing";

const CLASSES: [new (message: string, context?: object) => StoreError, StoreErrorCode][] = [
  [StoreError, "STORE_ERROR"],
  [LibraryNotFoundError, "LIBRARY_NOT_FOUND"],
  [LibraryExistsError, "LIBRARY_EXISTS"],
  [SymbolNotFoundError, "SYMBOL_NOT_FOUND"],
  [NoSuchVersionError, "NO_SUCH_VERSION"],
  [SnapshotNotFoundError, "SNAPSHOT_NOT_FOUND"],
  [DuplicateSnapshotError, "DUPLICATE_SNAPSHOT"],
  [UnsortedDataError, "UNSORTED_DATA"],
  [SchemaError, "SCHEMA_ERROR"],
  [InvalidNameError, "INVALID_NAME"],
  [InvalidDataError, "INVALID_DATA"],
  [StoreBusyError, "STORE_BUSY"],
];

describe("error classes", () => {
  it.each(CLASSES)("%o is an Error and a StoreError with its own code, name and fields", (Class, code) => {
    const cause = new Error("root");
    const error = new Class("message", { library: "L", symbol: "S", version: 3, snapshot: "N", column: "C", row: 7, cause });
    expect(error).toBeInstanceOf(Error);
    expect(error).toBeInstanceOf(StoreError);
    expect(error).toBeInstanceOf(Class);
    expect(error.code).toBe(code);
    expect(error.name).toBe(Class.name);
    expect(error.message).toBe("message");
    expect(error).toMatchObject({ library: "L", symbol: "S", version: 3, snapshot: "N", column: "C", row: 7 });
    expect(error.cause).toBe(cause);
    expect(String(error.stack)).toContain(Class.name);
  });

  it("codes are distinct per class", () => {
    expect(new Set(CLASSES.map(([, code]) => code)).size).toBe(CLASSES.length);
  });

  it("a subclass is not an instance of its siblings", () => {
    expect(new SchemaError("x")).not.toBeInstanceOf(InvalidDataError);
    expect(new NoSuchVersionError("x")).not.toBeInstanceOf(SymbolNotFoundError);
  });

  it("DataError carries the symbol, code, message and error", () => {
    const error = new SchemaError("bad columns", { symbol: "AAPL" });
    const item = new DataError("AAPL", error);
    expect(item).toMatchObject({ symbol: "AAPL", code: "SCHEMA_ERROR", message: "bad columns" });
    expect(item.error).toBe(error);
    expect(isDataError(item)).toBe(true);
    expect(isDataError(error)).toBe(false);
    expect(isDataError({ symbol: "AAPL", code: "SCHEMA_ERROR" })).toBe(false);
  });
});

describe("errors the store throws carry their fields", () => {
  let ac: Arctic;
  let lib: Library;
  useMemoryLibrary((store) => ({ ac, lib } = store));
  beforeEach(async () => {
    await lib.write("AAPL", bars([1, 2, 3]));
    await lib.snapshot("s");
  });

  const cases: [string, () => unknown, new (...args: never[]) => StoreError, Record<string, unknown>][] = [
    ["LibraryNotFoundError", () => ac.getLibrary("nolib"), LibraryNotFoundError, { library: "nolib" }],
    ["LibraryExistsError", () => ac.createLibrary("lib"), LibraryExistsError, { library: "lib" }],
    ["SymbolNotFoundError", () => lib.read("NOPE"), SymbolNotFoundError, { library: "lib", symbol: "NOPE" }],
    ["NoSuchVersionError", () => lib.read("AAPL", { asOf: 5 }), NoSuchVersionError, { library: "lib", symbol: "AAPL", version: 5 }],
    ["SnapshotNotFoundError", () => lib.deleteSnapshot("nosnap"), SnapshotNotFoundError, { library: "lib", snapshot: "nosnap" }],
    ["DuplicateSnapshotError", () => lib.snapshot("s"), DuplicateSnapshotError, { library: "lib", snapshot: "s" }],
    ["UnsortedDataError", () => lib.append("AAPL", bars([0])), UnsortedDataError, { library: "lib", symbol: "AAPL" }],
    [
      "SchemaError",
      () => lib.append("AAPL", { ...bars([9]), volume: [1] }),
      SchemaError,
      { library: "lib", symbol: "AAPL", column: "volume" },
    ],
    ["InvalidNameError", () => lib.write("a\tb", bars([1])), InvalidNameError, {}],
    [
      "InvalidDataError",
      () => lib.write("AAPL", { timestamp: bars([1, 2]).timestamp, close: [1, "x"] }),
      InvalidDataError,
      { symbol: "AAPL", column: "close", row: 1 },
    ],
  ];

  it.each(cases)("%s", async (_name, call, Class, fields) => {
    const error = await failure(call);
    expect(error).toBeInstanceOf(Class);
    expect(error).toBeInstanceOf(StoreError);
    expect(error).toMatchObject(fields);
    expect((error as Error).message.length).toBeGreaterThan(10);
  });
});
