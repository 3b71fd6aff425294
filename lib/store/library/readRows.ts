import { TimestampArray } from "../../frame";
import { OutputArray, OutputKind, readColumns } from "../engine/readColumns";
import { OpenFile } from "../engine/StoreFile";
import { PhysicalColumn, Piece, VersionRow, dataTable, physicalName } from "./catalog";

/** What to read of one version. Times are epoch microseconds, bounds inclusive, null = open. */
export interface RowsRequest {
  version: VersionRow;
  /** Output columns, in order. */
  columns: PhysicalColumn[];
  dateRange?: [number | null, number | null];
  /** Rows [start, end) of the (date-filtered) version; negative numbers count from its end. */
  rowRange?: [number | null, number | null];
}

interface Part {
  predicate: string;
  rows: number | null;
}

const ts = (us: number) => `make_timestamp(${Math.round(us)}::BIGINT)`;

/** The index column of a version (the timestamp column), if it has one. */
export function indexColumn(version: VersionRow): PhysicalColumn | undefined {
  return version.indexed ? version.columns.find((c) => c.name === "timestamp" && c.type === "timestamp") : undefined;
}

function piecePredicate(piece: Piece, index: string | null, lo: number | null, hi: number | null): string {
  const terms = [piece.segLo === piece.segHi ? `_seg = ${piece.segLo}` : `_seg BETWEEN ${piece.segLo} AND ${piece.segHi}`];
  if (index && lo !== null) terms.push(`${index} >= ${ts(lo)}`);
  if (index && hi !== null) terms.push(`${index} <= ${ts(hi)}`);
  return terms.join(" AND ");
}

/**
 * The SQL predicates that select a version's rows, one per run of rows that can be read with a single
 * scan in order. When the version's pieces lie in the table in ascending order (everything made by
 * write and append) one scan reads it all; after an update they are read one after the other.
 * With a dateRange, pieces wholly outside it are left out and the rest are narrowed to it.
 */
export function versionParts(version: VersionRow, dateRange?: [number | null, number | null]): Part[] {
  const index = indexColumn(version);
  const indexName = index ? physicalName(index.id) : null;
  const parts: { piece: Piece; lo: number | null; hi: number | null }[] = [];
  for (const piece of version.pieces) {
    let lo = piece.tsLo;
    let hi = piece.tsHi;
    if (dateRange) {
      if (dateRange[0] !== null) lo = lo === null ? dateRange[0] : Math.max(lo, dateRange[0]);
      if (dateRange[1] !== null) hi = hi === null ? dateRange[1] : Math.min(hi, dateRange[1]);
      if (lo !== null && hi !== null && lo > hi) continue;
    }
    parts.push({ piece, lo, hi });
  }
  const ascending = parts.every((p, i) => i === 0 || parts[i - 1].piece.segHi < p.piece.segLo);
  const exact = !dateRange;
  if (ascending && parts.length > 0) {
    const predicate = parts.map((p) => `(${piecePredicate(p.piece, indexName, p.lo, p.hi)})`).join(" OR ");
    return [{ predicate, rows: exact ? parts.reduce((n, p) => n + p.piece.rows, 0) : null }];
  }
  return parts.map((p) => ({ predicate: piecePredicate(p.piece, indexName, p.lo, p.hi), rows: exact ? p.piece.rows : null }));
}

/** The SELECT expression and output kind of each column. Timestamps leave DuckDB as epoch milliseconds. */
export function selectList(columns: PhysicalColumn[]): { sql: string; kinds: OutputKind[] } {
  const exprs = columns.map((c) =>
    c.type === "timestamp" ? `epoch_us(${physicalName(c.id)})::DOUBLE / 1000` : physicalName(c.id),
  );
  return { sql: exprs.length ? exprs.join(", ") : "NULL", kinds: columns.map((c) => c.type) };
}

async function countParts(open: OpenFile, table: string, parts: Part[]): Promise<number[]> {
  if (parts.every((p) => p.rows !== null)) return parts.map((p) => p.rows!);
  const filters = parts.map((p) => `count(*) FILTER (WHERE ${p.predicate})`).join(", ");
  const result = await open.connection.runAndReadAll(`SELECT ${filters} FROM ${table}`);
  return result.getRows()[0].map(Number);
}

function resolveWindow(range: [number | null, number | null], total: number): [number, number] {
  const clamp = (v: number) => Math.min(Math.max(v, 0), total);
  const start = range[0] === null ? 0 : clamp(range[0] < 0 ? total + range[0] : range[0]);
  const end = range[1] === null ? total : clamp(range[1] < 0 ? total + range[1] : range[1]);
  return [start, Math.max(start, end)];
}

/**
 * Reads the requested rows and columns of a version, in the version's row order, copying DuckDB's
 * vectors straight into typed arrays.
 */
export async function readRows(open: OpenFile, request: RowsRequest): Promise<{ arrays: OutputArray[]; rowCount: number }> {
  const table = dataTable(request.version.symbolId);
  const parts = versionParts(request.version, request.dateRange);
  const select = selectList(request.columns);
  const queries: { sql: string; rows: number | null }[] = [];
  if (!request.rowRange) {
    for (const part of parts) queries.push({ sql: `SELECT ${select.sql} FROM ${table} WHERE ${part.predicate}`, rows: part.rows });
  } else {
    const counts = await countParts(open, table, parts);
    const total = counts.reduce((a, b) => a + b, 0);
    const [start, end] = resolveWindow(request.rowRange, total);
    let offset = 0;
    parts.forEach((part, i) => {
      const lo = Math.max(start - offset, 0);
      const hi = Math.min(end - offset, counts[i]);
      offset += counts[i];
      if (hi <= lo) return;
      queries.push({
        sql: `SELECT ${select.sql} FROM ${table} WHERE ${part.predicate} LIMIT ${hi - lo} OFFSET ${lo}`,
        rows: hi - lo,
      });
    });
  }
  if (queries.length === 1) {
    return readColumns(open.connection, queries[0].sql, select.kinds, queries[0].rows ?? undefined);
  }
  const results = [];
  for (const q of queries) results.push(await readColumns(open.connection, q.sql, select.kinds, q.rows ?? undefined));
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
    const anyBig = parts.some((p) => p instanceof BigInt64Array);
    if (anyBig) {
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
