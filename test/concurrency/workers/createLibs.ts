/**
 * Creates libraries one after another until killed (test/concurrency/crash.test.ts): for each,
 * logs { t: "begin", library } before createLibrary, { t: "ack", library } after it, then writes a
 * symbol "s" and logs { t: "written", library, version }. Prints "ready" once the store is open.
 * With `--wait 1` it first prints "loaded" and waits for a line on stdin.
 */
import { Arctic } from "../../../lib";
import { SyncLog, args } from "./common";

async function main(): Promise<void> {
  const a = args();
  const log = new SyncLog(a.log);
  if (a.wait === "1") {
    console.log("loaded");
    await new Promise<void>((resolve) => process.stdin.once("data", () => resolve()));
  }
  const ac = await Arctic.open("duckdb://" + a.dir);
  console.log("ready");
  for (let i = 0; i < 10_000; i++) {
    const library = `l${a.run}_${i}`;
    log.write({ t: "begin", library });
    const lib = await ac.createLibrary(library);
    log.write({ t: "ack", library });
    const item = await lib.write("s", { timestamp: [1_700_000_000_000 + i], v: new Float64Array([i]) });
    log.write({ t: "written", library, version: item.version });
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
