import { columnValues, FrameInput, Table, TimestampArray, formatTimestampUs, toFrame, toTable } from "../frame";

/** What a table shows: its shape, each column's name and type, and the formatted cells of the rows shown. */
export interface TablePreview {
  rowCount: number;
  columns: { name: string; type: string }[];
  /** Formatted cells, one array per shown row; `null` marks the "…" row between head and tail. */
  rows: ({ index: number; cells: (string | null)[] } | null)[];
}

/** The table behind any input `show` accepts: a Table as it is, anything else through toFrame. */
function asTable(data: Table | FrameInput): Table {
  const t = data as Table;
  if (typeof t.columnNames === "function" && typeof t.array === "function" && typeof t.numRows === "function") return t;
  const frame = toFrame(data);
  return toTable(frame.columns.map((c) => [c.name, c.type === "timestamp" ? TimestampArray.from(c.values as Float64Array) : maskNulls(c)]));
}

function maskNulls(column: ReturnType<typeof toFrame>["columns"][number]): ArrayLike<unknown> {
  const { values, valid, type } = column;
  if (!valid && type !== "bool") return values;
  return Array.from(values as ArrayLike<unknown>, (v, i) => (valid && !valid[i] ? null : type === "bool" ? v === 1 : v));
}

/** A float as a quant reads it: integers as integers, else at most 6 decimals (6 significant digits when tiny or huge). */
function formatFloat(v: number): string {
  const a = Math.abs(v);
  if (!Number.isFinite(v) || (Number.isInteger(v) && a < 1e15)) return String(v);
  return a >= 1e-3 && a < 1e15 ? String(Number(v.toFixed(6))) : v.toPrecision(6);
}

/** Timestamps print as `2024-01-02 09:30:00` (UTC), keeping milli- and microseconds when present. */
function formatTimestamp(ms: number): string {
  return formatTimestampUs(Math.round(ms * 1000)).replace("T", " ").replace(/\.000Z$|Z$/, "");
}

function columnType(values: ArrayLike<unknown>): string {
  if (values instanceof TimestampArray) return "timestamp";
  if (values instanceof Float64Array || values instanceof Float32Array) return "float";
  if (values instanceof BigInt64Array || ArrayBuffer.isView(values)) return "int";
  const kinds = new Set<string>();
  for (let i = 0; i < values.length && kinds.size < 2; i++) {
    const v = values[i];
    if (v === null || v === undefined) continue;
    kinds.add(v instanceof Date ? "timestamp" : typeof v === "number" ? (Number.isInteger(v) ? "int" : "float") : typeof v === "bigint" ? "int" : typeof v === "boolean" ? "bool" : typeof v === "string" ? "string" : "object");
  }
  if (kinds.size === 0) return "null";
  if (kinds.size === 2 && kinds.has("int") && kinds.has("float")) return "float";
  return kinds.size === 1 ? [...kinds][0] : "mixed";
}

function formatCell(value: unknown, type: string): string | null {
  if (value === null || value === undefined) return null;
  if (type === "timestamp") return formatTimestamp(value instanceof Date ? value.getTime() : Number(value));
  if (typeof value === "number") return formatFloat(value);
  if (value instanceof Date) return formatTimestamp(value.getTime());
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/**
 * Picks the rows to show and formats them: all rows when there are at most `rows`, else the first
 * ceil(rows/2) and the last floor(rows/2) with a "…" row between, so both ends of a time series show.
 */
export function tablePreview(data: Table | FrameInput, rows: number): TablePreview {
  const table = asTable(data);
  const rowCount = table.numRows();
  const names = table.columnNames();
  const arrays = names.map((n) => columnValues(table, n));
  const types = arrays.map(columnType);
  const shown: number[] = [];
  if (rowCount <= rows) for (let i = 0; i < rowCount; i++) shown.push(i);
  else {
    const head = Math.ceil(rows / 2);
    for (let i = 0; i < head; i++) shown.push(i);
    shown.push(-1);
    for (let i = rowCount - (rows - head); i < rowCount; i++) shown.push(i);
  }
  return {
    rowCount,
    columns: names.map((name, c) => ({ name, type: types[c] })),
    rows: shown.map((i) => (i < 0 ? null : { index: i, cells: arrays.map((a, c) => formatCell(a[i], types[c])) })),
  };
}
