/**
 * Holds a library's file in one long call, as a slow store call would: opens the store, takes the
 * library file through the store's own StoreFile (the one the library uses in this process), prints
 * `{"holding": <epoch ms>}`, keeps the file `--hold` ms, then prints `{"released": <epoch ms>}` right
 * after the call ends (the file is closed by then: `release()` closes it). With `--hold stdin` it keeps
 * the file until a line arrives on stdin.
 * Inside the hold it also runs a real query, so DuckDB has the file open read-write.
 */
import { setTimeout as sleep } from "timers/promises";
import * as path from "path";
import { Arctic } from "../../../lib";
import { StoreFile } from "../../../lib/store/engine";
import { args } from "./common";

async function main(): Promise<void> {
  const a = args();
  const ac = await Arctic.open("duckdb://" + a.dir);
  const lib = await ac.getLibrary(a.library);
  await lib.listSymbols(); // opens the file through the library once
  const file = StoreFile.for(path.join(a.dir, a.library + ".duckdb"));
  await file.use(async (open) => {
    await open.connection.run("SELECT count(*) FROM ql_versions");
    console.log(JSON.stringify({ holding: Date.now() }));
    if (a.hold === "stdin") await new Promise<void>((resolve) => process.stdin.once("data", () => resolve()));
    else await sleep(Number(a.hold));
  });
  await file.release();
  console.log(JSON.stringify({ released: Date.now() }));
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
