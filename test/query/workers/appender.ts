/**
 * A second process for crossLibrary.test.ts: appends one row at a time to `fx rates`/EURUSD in the store
 * at argv[2] for argv[3] milliseconds, printing "started" first and "done <rows appended>" at the end.
 */
import { Arctic } from "../../../lib/store";

async function main(): Promise<void> {
  const [dir, ms] = [process.argv[2], Number(process.argv[3])];
  const ac = await Arctic.open("duckdb://" + dir);
  const fx = await ac.getLibrary("fx rates");
  process.stdout.write("started\n");
  const end = Date.now() + ms;
  let n = 0;
  while (Date.now() < end) {
    n++;
    await fx.append("EURUSD", { timestamp: [new Date(Date.UTC(2024, 1, 1) + n * 60_000)], rate: [1 + n / 1e4] });
  }
  await ac.close();
  process.stdout.write(`done ${n}\n`);
}

main().catch((error) => {
  process.stderr.write(String((error as Error).stack));
  process.exit(1);
});
