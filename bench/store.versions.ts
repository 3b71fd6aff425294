/**
 * Benchmark 4: symbols with many versions. Reads of version 0 and of the latest in a symbol made by
 * 1000 appends (and one made by full writes), against the same reads in 1-version symbols holding the
 * same rows; listVersions over 10,000 versions.
 */
import * as path from "path";
import { Arctic, Library } from "../lib";
import { BenchContext, Benchmark } from "./context";
import { barsSql, makeBars } from "./ohlcv";
import { RawDb } from "./raw";
import { Figure } from "./report";
import { fmtMs, measure, measurePair, median, progress, timeOnce } from "./timing";

const APPENDS = 1000;
const APPEND_ROWS = 1000;
const FULL_WRITES = 1000;
const FULL_ROWS = 100_000;
const META_VERSIONS = 10_000;
const REPS = 7;

/** Seconds the full-write series may take before it stops short of FULL_WRITES (BENCH_FULL_WRITES_S). */
const fullWritesBudgetS = () => Number(process.env.BENCH_FULL_WRITES_S ?? 150);

async function readFigure(
  lib: Library,
  name: string,
  many: { symbol: string; asOf?: number },
  one: string,
  rows: number,
): Promise<Figure> {
  const check = (n: number) => {
    if (n !== rows) throw new Error(`bench: ${name} read ${n} rows, expected ${rows}`);
  };
  const { reference: ref, subject: store } = await measurePair(
    async () => check((await lib.read(one)).data.numRows()),
    async () => check((await lib.read(many.symbol, { asOf: many.asOf })).data.numRows()),
    { warmup: 2, reps: REPS, label: name },
  );
  return {
    name,
    ms: store.median,
    minMs: store.min,
    reference: { name: `read of a 1-version symbol with the same ${rows.toLocaleString("en")} rows`, ms: ref.median, minMs: ref.min },
    goal: { ratio: 1.2 },
  };
}

async function run(ctx: BenchContext) {
  const dir = ctx.dir("versions");
  const arctic = await Arctic.open("duckdb://" + path.join(dir, "store"));
  ctx.onClose(() => arctic.close());
  const lib = await arctic.getLibrary("versions", { createIfMissing: true });
  const figures: Figure[] = [];
  const notes: string[] = [];

  // 1000 appends of 1000 bars.
  const appendMs: number[] = [];
  for (let k = 0; k < APPENDS; k++) {
    const bars = makeBars(APPEND_ROWS, k * APPEND_ROWS);
    appendMs.push((await timeOnce(() => lib.append("APPENDED", bars))).ms);
    if ((k + 1) % 200 === 0) progress(`appends: ${k + 1}/${APPENDS}, median ${fmtMs(median(appendMs))}`);
  }
  await lib.write("ONE_FIRST", makeBars(APPEND_ROWS, 0));
  await lib.write("ONE_ALL", makeBars(APPENDS * APPEND_ROWS, 0));
  figures.push(await readFigure(lib, `read v0 of a ${APPENDS}-version symbol (appends)`, { symbol: "APPENDED", asOf: 0 }, "ONE_FIRST", APPEND_ROWS));
  figures.push(await readFigure(lib, `read latest of a ${APPENDS}-version symbol (appends)`, { symbol: "APPENDED" }, "ONE_ALL", APPENDS * APPEND_ROWS));
  figures.push({
    name: `append of ${APPEND_ROWS} bars (while making the symbol)`,
    ms: median(appendMs),
    minMs: Math.min(...appendMs),
    detail: `${APPENDS} appends took ${fmtMs(appendMs.reduce((a, b) => a + b, 0))} in all`,
  });

  // Full writes of 100k bars, as many as fit the time budget.
  const frame = makeBars(FULL_ROWS, 0);
  const writeMs: number[] = [];
  const started = Date.now();
  const budgetMs = fullWritesBudgetS() * 1000;
  for (let k = 0; k < FULL_WRITES; k++) {
    writeMs.push((await timeOnce(() => lib.write("REWRITTEN", frame))).ms);
    if ((k + 1) % 100 === 0) progress(`full writes: ${k + 1}/${FULL_WRITES}, median ${fmtMs(median(writeMs))}`);
    if (Date.now() - started > budgetMs) break;
  }
  const made = writeMs.length;
  if (made < FULL_WRITES) {
    notes.push(`Full writes stopped at ${made} of ${FULL_WRITES} (time budget ${fullWritesBudgetS()} s, BENCH_FULL_WRITES_S); median write ${fmtMs(median(writeMs))}.`);
  }
  await lib.write("ONE_FULL", frame);
  figures.push(await readFigure(lib, `read v0 of a ${made}-version symbol (full writes)`, { symbol: "REWRITTEN", asOf: 0 }, "ONE_FULL", FULL_ROWS));
  figures.push(await readFigure(lib, `read latest of a ${made}-version symbol (full writes)`, { symbol: "REWRITTEN" }, "ONE_FULL", FULL_ROWS));
  figures.push({
    name: `full write of ${FULL_ROWS.toLocaleString("en")} bars (while making the symbol)`,
    ms: median(writeMs),
    minMs: Math.min(...writeMs),
    detail: `${made} writes took ${fmtMs(writeMs.reduce((a, b) => a + b, 0))} in all; the last 10 median ${fmtMs(median(writeMs.slice(-10)))}`,
  });

  // 10,000 versions by writeMetadata, then listVersions.
  await lib.write("META", makeBars(10, 0));
  const metaMs: number[] = [];
  for (let k = 1; k < META_VERSIONS; k++) {
    metaMs.push((await timeOnce(() => lib.writeMetadata("META", { k }))).ms);
    if ((k + 1) % 2000 === 0) progress(`writeMetadata: ${k + 1}/${META_VERSIONS}, median ${fmtMs(median(metaMs))}`);
  }
  const raw = await RawDb.create(path.join(dir, "plain.duckdb"));
  await raw.run(
    `CREATE TABLE versions AS SELECT 'META' AS name, i AS version, 1700000000000000 + i AS created_us, false AS deleted FROM range(${META_VERSIONS}) t(i)`,
  );
  await raw.run(`CREATE TABLE other AS ${barsSql(10)}`);
  const { reference: refList, subject: list } = await measurePair(
    async () => {
      const rows = await raw.rows("SELECT name, version, created_us, deleted FROM versions WHERE name = $1 ORDER BY version DESC", ["META"]);
      if (rows.length !== META_VERSIONS) throw new Error("bench: wrong reference version count");
    },
    async () => {
      const versions = await lib.listVersions("META");
      if (versions.length !== META_VERSIONS) throw new Error(`bench: listVersions gave ${versions.length} versions, expected ${META_VERSIONS}`);
    },
    { warmup: 2, reps: REPS, label: "listVersions" },
  );
  raw.close();
  const listAll = await measure(() => lib.listVersions(), { warmup: 1, reps: REPS });
  const total = (await lib.listVersions()).length;
  figures.push({
    name: `listVersions of a symbol with ${META_VERSIONS.toLocaleString("en")} versions`,
    ms: list.median,
    minMs: list.min,
    reference: { name: "SELECT ... ORDER BY version DESC over a plain 10k-row table (runAndReadAll)", ms: refList.median, minMs: refList.min },
    goal: { ms: 50 },
  });
  figures.push({ name: `listVersions() of the whole library (${total.toLocaleString("en")} versions)`, ms: listAll.median, minMs: listAll.min });
  figures.push({
    name: "writeMetadata (while making the 10,000 versions)",
    ms: median(metaMs),
    minMs: Math.min(...metaMs),
    detail: `last 500 median ${fmtMs(median(metaMs.slice(-500)))}`,
  });
  notes.push(
    `Version 0 of the appended symbol is its first ${APPEND_ROWS} bars; its latest holds all ${(APPENDS * APPEND_ROWS).toLocaleString("en")}. Every version of the rewritten symbol holds the same ${FULL_ROWS.toLocaleString("en")} bars, and its data table holds all ${made} copies (nothing pruned).`,
  );
  return { figures, notes };
}

export const storeVersions: Benchmark = { id: "store.versions", title: "4. Many versions", file: "store.versions.ts", run };
