import { TimestampArray } from "../../frame";
import { OpenFile, OutputArray, OutputKind, PhysicalColumn, Piece, VersionRow, dataTable, physicalName } from "../engine";
import { pieceRows } from "./pieces";
import { slicePieces } from "./pieces";

/** What to read of one version. Times are epoch microseconds, bounds inclusive, null = open. */
export interface RowsRequest {
  version: VersionRow;
  /** Output columns, in order. */
  columns: PhysicalColumn[];
  dateRange?: [number | null, number | null];
  /** Rows [start, end) of the (date-filtered) version; negative numbers count from its end. */
  rowRange?: [number | null, number | null];
}

/** A run of rows read with one scan, in order; `rows` is known unless a dateRange narrows it. */
interface Part {
  predicate: string;
  rows: number | null;
}

/** A SQL literal for a time in epoch microseconds. */
export const timestampSql = (us: number) => `make_timestamp(${Math.round(us)}::BIGINT)`;

/** The index column of a version (the timestamp column), if it has one. */
export function indexColumn(version: VersionRow): PhysicalColumn | undefined {
  return version.indexed ? version.columns.find((c) => c.name === "timestamp" && c.type === "timestamp") : undefined;
}

/** The predicate selecting the rows of some pieces (row-number ranges, which DuckDB's zone maps prune). */
export function piecesPredicate(pieces: Piece[]): string {
  if (pieces.length === 0) return "false";
  return pieces.map((p) => (p.rowLo === p.rowHi ? `_row = ${p.rowLo}` : `_row BETWEEN ${p.rowLo} AND ${p.rowHi}`)).join(" OR ");
}

function datePredicate(version: VersionRow, dateRange?: [number | null, number | null]): string {
  const index = indexColumn(version);
  if (!dateRange || !index) return "";
  const name = physicalName(index.id);
  const terms = [];
  if (dateRange[0] !== null) terms.push(`${name} >= ${timestampSql(dateRange[0])}`);
  if (dateRange[1] !== null) terms.push(`${name} <= ${timestampSql(dateRange[1])}`);
  return terms.map((t) => ` AND ${t}`).join("");
}

/**
 * Splits pieces into runs that each read in order with one scan: pieces that lie in the table in
 * ascending order (all that write and append make) form one run; after an update the pieces are read
 * one after the other.
 */
function runs(pieces: Piece[]): Piece[][] {
  const out: Piece[][] = [];
  for (const p of pieces) {
    const last = out[out.length - 1];
    if (last && last[last.length - 1].rowHi < p.rowLo) last.push(p);
    else out.push([p]);
  }
  return out;
}

/** Resolves a [start, end) window with negative and open ends against a total. */
export function resolveWindow(range: [number | null, number | null], total: number): [number, number] {
  const clamp = (v: number) => Math.min(Math.max(v, 0), total);
  const start = range[0] === null ? 0 : clamp(range[0] < 0 ? total + range[0] : range[0]);
  const end = range[1] === null ? total : clamp(range[1] < 0 ? total + range[1] : range[1]);
  return [start, Math.max(start, end)];
}

/** The SQL predicates that read a version's rows (optionally within a dateRange), one per in-order run. */
export function versionParts(version: VersionRow, dateRange?: [number | null, number | null]): Part[] {
  const dates = datePredicate(version, dateRange);
  return runs(version.pieces).map((run) => ({
    predicate: `(${piecesPredicate(run)})${dates}`,
    rows: dates ? null : run.reduce((n, p) => n + pieceRows(p), 0),
  }));
}

/** The SELECT expression and output kind of each column. Timestamps leave DuckDB as epoch milliseconds. */
export function selectList(columns: PhysicalColumn[]): { sql: string; kinds: OutputKind[] } {
  const exprs = columns.map((c) =>
    c.type === "timestamp" ? `epoch_us(${physicalName(c.id)})::DOUBLE / 1000` : physicalName(c.id),
  );
  return { sql: exprs.length ? exprs.join(", ") : "NULL", kinds: columns.map((c) => c.type) };
}

async function countParts(open: OpenFile, table: string, parts: Part[]): Promise<number[]> {
  if (parts.length === 0) return [];
  const filters = parts.map((p) => `count(*) FILTER (WHERE ${p.predicate})`).join(", ");
  const result = await open.connection.rows(`SELECT ${filters} FROM ${table}`);
  return result[0].map(Number);
}

/**
 * Reads the requested rows and columns of a version, in the version's row order, copying DuckDB's
 * vectors straight into typed arrays. Row windows without a dateRange become row-number ranges, so
 * head and tail of a long series read only the rows they return.
 */
export async function readRows(open: OpenFile, request: RowsRequest): Promise<{ arrays: OutputArray[]; rowCount: number }> {
  const { version } = request;
  const table = dataTable(version.symbolId);
  const select = selectList(request.columns);
  const queries: { sql: string; rows: number | null }[] = [];
  if (request.rowRange && !request.dateRange) {
    const [start, end] = resolveWindow(request.rowRange, version.rowCount);
    const sliced = { ...version, pieces: slicePieces(version.pieces, start, end) };
    for (const part of versionParts(sliced)) queries.push({ sql: `SELECT ${select.sql} FROM ${table} WHERE ${part.predicate}`, rows: part.rows });
  } else if (request.rowRange) {
    const parts = versionParts(version, request.dateRange);
    const counts = await countParts(open, table, parts);
    const [start, end] = resolveWindow(request.rowRange, counts.reduce((a, b) => a + b, 0));
    let offset = 0;
    parts.forEach((part, i) => {
      const lo = Math.max(start - offset, 0);
      const hi = Math.min(end - offset, counts[i]);
      offset += counts[i];
      if (hi > lo) {
        queries.push({ sql: `SELECT ${select.sql} FROM ${table} WHERE ${part.predicate} LIMIT ${hi - lo} OFFSET ${lo}`, rows: hi - lo });
      }
    });
  } else {
    for (const part of versionParts(version, request.dateRange)) {
      queries.push({ sql: `SELECT ${select.sql} FROM ${table} WHERE ${part.predicate}`, rows: part.rows });
    }
  }
  if (queries.length === 1) return open.connection.readColumns(queries[0].sql, select.kinds, queries[0].rows ?? undefined);
  const results = [];
  for (const q of queries) results.push(await open.connection.readColumns(q.sql, select.kinds, q.rows ?? undefined));
  return concatResults(results, select.kinds);
}

function concatResults(
  results: { arrays: OutputArray[]; rowCount: number }[],
  kinds: OutputKind[],
): { arrays: OutputArray[]; rowCount: number } {
  const rowCount = results.reduce((n, r) => n + r.rowCount, 0);
  const arrays = kinds.map((kind, c) => concatColumn(results.map((r) => r.arrays[c]), rowCount, kind));
  return { arrays, rowCount };
}

/** Joins the same column from several reads, keeping the narrowest container that holds them all. */
function concatColumn(parts: OutputArray[], rowCount: number, kind: OutputKind): OutputArray {
  if (parts.length === 0) return readEmpty(kind);
  const first = parts[0];
  const sameCtor = parts.every((p) => p.constructor === first.constructor);
  if (sameCtor && ArrayBuffer.isView(first)) {
    const Ctor = first.constructor as new (n: number) => Float64Array;
    const out = new Ctor(rowCount);
    let offset = 0;
    for (const p of parts) {
      out.set(p as Float64Array, offset);
      offset += (p as Float64Array).length;
    }
    return out as unknown as OutputArray;
  }
  if (kind === "int" && parts.every((p) => ArrayBuffer.isView(p))) {
    if (parts.some((p) => p instanceof BigInt64Array)) {
      const out = new BigInt64Array(rowCount);
      let offset = 0;
      for (const p of parts) for (let i = 0; i < p.length; i++) out[offset++] = BigInt((p as ArrayLike<number | bigint>)[i]);
      return out;
    }
    const out = new Float64Array(rowCount);
    let offset = 0;
    for (const p of parts) {
      out.set(p as ArrayLike<number>, offset);
      offset += p.length;
    }
    return out;
  }
  const out: unknown[] = [];
  for (const p of parts) {
    if (ArrayBuffer.isView(p) && kind === "timestamp") for (let i = 0; i < p.length; i++) out.push(new Date((p as Float64Array)[i]));
    else for (let i = 0; i < p.length; i++) out.push((p as ArrayLike<unknown>)[i]);
  }
  return out as OutputArray;
}

function readEmpty(kind: OutputKind): OutputArray {
  if (kind === "timestamp") return new TimestampArray(0);
  if (kind === "int") return new Int32Array(0);
  return kind === "float" ? new Float64Array(0) : [];
}
