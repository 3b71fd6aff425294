import { Arctic, QueryBuilder } from "./lib";
async function main() {
  const ac = await Arctic.open("mem://");
  const lib = await ac.createLibrary("b");
  const n = 1_000_000;
  const t0 = Date.UTC(2024, 0, 1);
  const ts = Array.from({ length: n }, (_, i) => new Date(t0 + i * 60_000));
  await lib.write("S", { timestamp: ts, close: ts.map((_, i) => i * 0.5), volume: ts.map((_, i) => i % 100) });
  for (const [rule, o] of [["1d", { timezone: "America/New_York" }], ["1d", {}], ["1h", {}]] as const) {
    const q = new QueryBuilder().resample(rule, o as never);
    await lib.read("S", { query: q });
    const s = performance.now();
    for (let i = 0; i < 3; i++) await lib.read("S", { query: q });
    console.log(rule, JSON.stringify(o), ((performance.now() - s) / 3).toFixed(0), "ms");
  }
  await ac.close();
}
main();
