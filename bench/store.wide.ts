/**
 * Benchmark 6: a wide frame, 1,000 float columns x 10k rows (10M cells), written as a new symbol,
 * written again as a new version, and read back; beside the same table made and read in plain DuckDB.
 * Issue 18: 5,000 columns used to take 57–123 s in one call (one ALTER TABLE and one catalog INSERT
 * per column, each slower as the table widened); a write now adds its columns in one step.
 */
import * as path from "path";
import { Arctic } from "../lib";
import { BenchContext, Benchmark } from "./context";
import { RawDb, rawVectorCopy } from "./raw";
import { Figure } from "./report";
import { fmtRate, progress, timeOnce } from "./timing";

const COLUMNS = 1_000;
const ROWS = 10_000;

/** Column `c<k>` holds row * k + 0.5: distinct values, as a real wide frame of features would have. */
function wideFrame(): Record<string, Float64Array> {
  const frame: Record<string, Float64Array> = {};
  for (let k = 0; k < COLUMNS; k++) {
    const values = new Float64Array(ROWS);
    for (let r = 0; r < ROWS; r++) values[r] = r * k + 0.5;
    frame["c" + k] = values;
  }
  return frame;
}

async function run(ctx: BenchContext) {
  const dir = ctx.dir("wide");
  const arctic = await Arctic.open("duckdb://" + path.join(dir, "store"));
  ctx.onClose(() => arctic.close());
  const lib = await arctic.getLibrary("wide", { createIfMissing: true });
  const frame = wideFrame();
  const cells = COLUMNS * ROWS;

  progress(`write ${COLUMNS} columns x ${ROWS.toLocaleString("en")} rows`);
  const first = await timeOnce(() => lib.write("WIDE", frame));
  const again = await timeOnce(() => lib.write("WIDE", frame));
  const read = await timeOnce(() => lib.read("WIDE"));
  if (read.value.data.numRows() !== ROWS || read.value.data.numCols() !== COLUMNS) throw new Error("bench: the wide read gave a wrong shape");

  const raw = await RawDb.create(path.join(dir, "plain.duckdb"));
  const select = Array.from({ length: COLUMNS }, (_, k) => `range * ${k} + 0.5 AS c${k}`).join(", ");
  const ctas = await timeOnce(() => raw.run(`CREATE TABLE t AS SELECT ${select} FROM range(${ROWS})`));
  const rawRead = await timeOnce(() => rawVectorCopy(raw.connection, "SELECT * FROM t", COLUMNS, ROWS));
  raw.close();
  const figures: Figure[] = [
    { name: `write ${COLUMNS} columns x ${ROWS.toLocaleString("en")} rows, new symbol`, ms: first.ms, reference: { name: "CREATE TABLE AS (generated in SQL)", ms: ctas.ms }, detail: fmtRate(cells, first.ms).replace("rows", "cells") },
    { name: `write ${COLUMNS} columns x ${ROWS.toLocaleString("en")} rows, new version`, ms: again.ms, reference: { name: "CREATE TABLE AS (generated in SQL)", ms: ctas.ms }, detail: fmtRate(cells, again.ms).replace("rows", "cells") },
    { name: `read ${COLUMNS} columns x ${ROWS.toLocaleString("en")} rows`, ms: read.ms, reference: { name: "raw vector copy of SELECT *", ms: rawRead.ms }, detail: fmtRate(cells, read.ms).replace("rows", "cells") },
  ];
  return {
    figures,
    notes: [
      "One run each (a write is not repeatable without adding versions). Most of a wide write is DuckDB's own insert and commit of 1,000 column segments: the new version appends to the row group the first one left partly filled, and DuckDB rewrites it at checkpoint.",
    ],
  };
}

export const storeWide: Benchmark = { id: "store.wide", title: "7. Wide frame (1,000 columns x 10k rows)", file: "store.wide.ts", run };
