/**
 * Child process of diskFull.test.ts: opens the store at argv[2] and appends `rows`-row chunks to symbol
 * FULL of library "full" until a call fails (at most `tries` times), then tries one small write in the same
 * process. The test runs it under a lowered file-size limit (`ulimit -f`, SIGXFSZ ignored), so the disk
 * "fills up" at a known size. Prints one JSON line: the versions acknowledged, the failure's name, code
 * and message, and how the small write after it went.
 */
import { Arctic } from "../../../lib/store";

async function main(): Promise<void> {
  const [root, rowsArg, triesArg] = process.argv.slice(2);
  const rows = Number(rowsArg);
  const arctic = await Arctic.open("duckdb://" + root, { idleCloseMs: 60_000 });
  const lib = await arctic.getLibrary("full");
  const acknowledged: number[] = [];
  let failure: { name: string; code?: string; message: string; file?: string } | null = null;
  for (let i = 0; i < Number(triesArg) && !failure; i++) {
    const start = acknowledged.length * rows;
    const values = new Float64Array(rows);
    for (let r = 0; r < rows; r++) values[r] = Math.sin(start + r) * 1e6;
    try {
      acknowledged.push((await lib.append("FULL", { v: values })).version);
    } catch (error) {
      const e = error as Error & { code?: string; file?: string };
      failure = { name: e.constructor.name, code: e.code, message: e.message, file: e.file };
    }
  }
  let after: string;
  try {
    await lib.write("SMALL", { v: [1, 2, 3] });
    after = "ok";
  } catch (error) {
    after = `${(error as Error).constructor.name}: ${(error as Error).message}`;
  }
  process.stdout.write(JSON.stringify({ acknowledged, failure, after }) + "\n");
  await arctic.close().catch(() => undefined);
}

void main();
