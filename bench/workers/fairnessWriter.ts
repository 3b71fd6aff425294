/**
 * One writer process of the fairness benchmark (bench/store.fairness.ts): once set up it prints "ready" and
 * reads the start time (epoch ms) from stdin; from then for `--durationMs` it appends `--rows` rows to its own symbol `--symbol` (written first, before the start) of
 * library `--library` in the store at `--dir`, one call after another, and prints one JSON line:
 * { ops, latencies } (ms per call, waits included).
 */
import { Arctic } from "../../lib";

function arg(name: string): string {
  const at = process.argv.indexOf(`--${name}`);
  if (at < 0 || at + 1 >= process.argv.length) throw new Error(`fairnessWriter: --${name} is required`);
  return process.argv[at + 1];
}

async function main(): Promise<void> {
  const durationMs = Number(arg("durationMs"));
  const rows = Number(arg("rows"));
  const arctic = await Arctic.open("duckdb://" + arg("dir"));
  const lib = await arctic.getLibrary(arg("library"));
  const symbol = arg("symbol");
  let t = 0;
  const batch = () => {
    const timestamp: Date[] = [];
    const close: number[] = [];
    for (let i = 0; i < rows; i++, t++) {
      timestamp.push(new Date(Date.UTC(2020, 0, 1) + t * 60_000));
      close.push(100 + Math.sin(t));
    }
    return { timestamp, close };
  };
  await lib.write(symbol, batch());
  await arctic.close(); // closes the file (later calls reopen it), so no writer holds it at the start
  process.stdout.write("ready\n");
  const startAt = Number(await new Promise<string>((resolve) => process.stdin.once("data", (chunk) => resolve(String(chunk)))));
  process.stdin.destroy();
  const wait = startAt - Date.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  const latencies: number[] = [];
  const end = startAt + durationMs;
  while (Date.now() < end) {
    const data = batch();
    const t0 = performance.now();
    await lib.append(symbol, data);
    latencies.push(performance.now() - t0);
  }
  await arctic.close();
  process.stdout.write(JSON.stringify({ ops: latencies.length, latencies: latencies.map((ms) => Math.round(ms * 100) / 100) }) + "\n");
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
