/**
 * A second process for crossLibrary.test.ts: appends one row at a time to `fx rates`/EURUSD in the store
 * at argv[2] until a line arrives on stdin, then one more, printing "started" after its first append and
 * "done <rows appended>" at the end.
 */
import { Arctic } from "../../../lib/store";

async function main(): Promise<void> {
  const dir = process.argv[2];
  const ac = await Arctic.open("duckdb://" + dir);
  const fx = await ac.getLibrary("fx rates");
  let stop = false;
  process.stdin.once("data", () => (stop = true));
  let n = 0;
  const appendOne = async () => {
    n++;
    await fx.append("EURUSD", { timestamp: [new Date(Date.UTC(2024, 1, 1) + n * 60_000)], rate: [1 + n / 1e4] });
  };
  await appendOne();
  process.stdout.write("started\n");
  while (!stop) await appendOne();
  await appendOne(); // one after the test's reads, whenever they ran
  process.stdin.destroy();
  await ac.close();
  process.stdout.write(`done ${n}\n`);
}

main().catch((error) => {
  process.stderr.write(String((error as Error).stack));
  process.exit(1);
});
