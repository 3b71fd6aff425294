/**
 * Runs one store call from a separate process and prints its outcome as one JSON line:
 * `{ ok: true, version, startedAt, endedAt }` or `{ ok: false, name, code, message, startedAt, endedAt }`.
 * `--op append|write` on `--symbol` of `--library`; `--busy` sets busyTimeoutMs (default: the store's).
 */
import { Arctic, ArcticOptions } from "../../../lib";
import { args, describeError } from "./common";

async function main(): Promise<void> {
  const a = args();
  const options: ArcticOptions = a.busy ? { busyTimeoutMs: Number(a.busy) } : {};
  const ac = await Arctic.open("duckdb://" + a.dir, options);
  const lib = await ac.getLibrary(a.library); // opens the file: done before the holder takes it
  console.log(JSON.stringify({ ready: Date.now() }));
  // Wait for the go signal (a line on stdin) so the call starts while the holder holds the file.
  await new Promise<void>((resolve) => process.stdin.once("data", () => resolve()));
  const startedAt = Date.now();
  const ts = Number(a.ts);
  const data = { timestamp: [ts], v: new Float64Array([Number(a.value)]), n: [1] };
  try {
    const item = a.op === "write" ? await lib.write(a.symbol, data) : await lib.append(a.symbol, data);
    console.log(JSON.stringify({ ok: true, version: item.version, startedAt, endedAt: Date.now() }));
  } catch (error) {
    console.log(JSON.stringify({ ok: false, ...describeError(error), startedAt, endedAt: Date.now() }));
  }
  await ac.close();
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
