/**
 * Side files and damaged files (issue 18 §3): a deleted library leaves nothing behind that a new library
 * of the same name would pick up, and a file DuckDB cannot read is a DamagedFileError naming the library
 * and the file, never DuckDB's raw error. All on real DuckDB files in a temporary folder.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Arctic, DamagedFileError, StoreError } from "./index";
import { columns, failure } from "./testing";

let dir: string;
let ac: Arctic;
/** Keeps files open between calls, so a write's WAL is still there to look at. */
const KEEP_OPEN = { idleCloseMs: 60_000 };

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "quantlab-damaged-"));
  ac = await Arctic.open("duckdb://" + dir, KEEP_OPEN);
});
afterEach(async () => {
  await ac.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const fileOf = (name: string) => path.join(dir, name + ".duckdb");

/** A library `name` with symbol A written, and the bytes of the WAL that write left (the file still open). */
async function libraryWithWal(name: string): Promise<Buffer> {
  const lib = await ac.createLibrary(name);
  await lib.write("A", { v: [1, 2, 3] });
  await lib.write("A", { v: [4, 5, 6] });
  expect(fs.existsSync(fileOf(name) + ".wal"), "a small write stays in the WAL while the file is open").toBe(true);
  return fs.readFileSync(fileOf(name) + ".wal");
}

/** The DamagedFileError `call` fails with (the test fails when it fails otherwise). */
async function damaged(call: () => Promise<unknown>): Promise<DamagedFileError> {
  const error = await failure(call);
  expect(error, String(error)).toBeInstanceOf(DamagedFileError);
  return error as DamagedFileError;
}

describe("deleting a library removes its side files", () => {
  it("the WAL and the spill folder go with the file, also when DuckDB left them there", async () => {
    const wal = await libraryWithWal("x");
    await ac.close();
    fs.writeFileSync(fileOf("x") + ".wal", wal);
    fs.mkdirSync(fileOf("x") + ".tmp");
    await ac.deleteLibrary("x");
    expect(fs.readdirSync(dir).filter((f) => f.startsWith("x."))).toEqual([]);
  });

  it("a WAL left without its file (a crash, a file deleted by hand) is not replayed into a new library of that name", async () => {
    const wal = await libraryWithWal("x");
    await ac.close();
    await ac.deleteLibrary("x");
    fs.writeFileSync(fileOf("x") + ".wal", wal);
    const again = await ac.createLibrary("x");
    expect(await again.listSymbols(), "the deleted library's symbol must not come back").toEqual([]);
    await again.write("B", { v: [7] });
    await ac.close();
    const reopened = await ac.getLibrary("x");
    expect(await reopened.listSymbols()).toEqual(["B"]);
    expect(columns((await reopened.read("B")).data)).toEqual({ v: [7] });
  });

  it("deleteLibrary of a missing library clears a leftover WAL too", async () => {
    fs.writeFileSync(fileOf("gone") + ".wal", "leftover");
    await ac.deleteLibrary("gone");
    expect(fs.existsSync(fileOf("gone") + ".wal")).toBe(false);
  });
});

describe("a damaged file is a DamagedFileError naming the library and the file", () => {
  it("a library file overwritten with garbage: getLibrary fails, the file is left as it was, deleteLibrary clears it", async () => {
    await ac.createLibrary("g");
    await ac.close();
    fs.writeFileSync(fileOf("g"), "garbage ".repeat(100));
    const error = await damaged(() => ac.getLibrary("g"));
    expect([error.code, error.library, error.file]).toEqual(["DAMAGED_FILE", "g", fileOf("g")]);
    expect(error.message).toContain("library 'g'");
    expect(error).toBeInstanceOf(StoreError);
    expect(fs.readFileSync(fileOf("g"), "utf8")).toBe("garbage ".repeat(100));
    await damaged(() => ac.createLibrary("g"));
    await ac.deleteLibrary("g");
    await (await ac.createLibrary("g")).write("A", { v: [1] });
    expect(await ac.listLibraries()).toEqual(["g"]);
  });

  it("a truncated library file", async () => {
    const lib = await ac.createLibrary("t");
    await lib.write("A", { v: Array.from({ length: 50_000 }, (_, i) => i * 0.5) });
    await ac.close();
    fs.truncateSync(fileOf("t"), Math.floor(fs.statSync(fileOf("t")).size / 2));
    const error = await damaged(async () => (await ac.getLibrary("t")).read("A"));
    expect([error.library, error.file]).toEqual(["t", fileOf("t")]);
  });

  it("a WAL whose entries fail their checksums names the .wal", async () => {
    const wal = await libraryWithWal("w");
    await ac.close();
    const bad = Buffer.from(wal);
    for (let i = Math.floor(bad.length / 2); i < bad.length; i += 5) bad[i] ^= 0x33;
    fs.writeFileSync(fileOf("w") + ".wal", bad);
    const error = await damaged(async () => (await ac.getLibrary("w")).read("A"));
    expect([error.library, error.file]).toEqual(["w", fileOf("w") + ".wal"]);
    expect(fs.readFileSync(fileOf("w") + ".wal").equals(bad), "the WAL is left for the user to restore or delete").toBe(true);
  });
});
