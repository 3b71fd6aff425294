import { ColumnKind, columnKindOf, columnValues, FrameInput, Table, TimestampArray, toFrame, toTable } from "../frame";
import { DisplayOptions, getDisplayOptions } from "./displayOptions";
import { formatDurations } from "./formatDuration";
import { formatFloat, formatFloats } from "./formatFloat";
import { formatTime } from "./formatTime";

/** What a table shows: its shape, each column's name and type, and the formatted cells of the rows shown. */
export interface TablePreview {
  rowCount: number;
  /** Each column's name and type: int, float, bool, string, timestamp, duration, or what the values are (null, mixed, object). */
  columns: { name: string; type: string; timezone?: string }[];
  /** Formatted cells, one array per shown row; `null` marks the "…" row between head and tail, and a null cell. */
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

/**
 * A column's type: what the store or the backtester tagged the array with (see tagColumnKind), else
 * what the array or its values are. A Float64Array is a float column unless tagged.
 */
function columnType(values: ArrayLike<unknown>): string {
  const tagged: ColumnKind | undefined = columnKindOf(values);
  if (tagged) return tagged;
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

/** A number read from a cell of a numeric column (Dates as epoch ms, bigints as numbers). */
function asNumber(value: unknown): number {
  return value instanceof Date ? value.getTime() : Number(value);
}

/** Formats the shown cells of one column together (floats align on one number of decimals). */
function formatColumn(cells: unknown[], type: string, options: Readonly<DisplayOptions>): (string | null)[] {
  const present = cells.filter((v) => v !== null && v !== undefined);
  let texts: string[];
  switch (type) {
    case "timestamp":
      texts = present.map((v) => formatTime(asNumber(v), options.timezone));
      break;
    case "duration":
      texts = formatDurations(present.map(asNumber));
      break;
    case "float":
      texts = formatFloats(present.map(asNumber), options.precision);
      break;
    case "int":
      texts = present.map((v) => (typeof v === "number" && !Number.isInteger(v) ? formatFloat(v, options.precision) : String(v)));
      break;
    default:
      texts = present.map((v) =>
        typeof v === "number" ? formatFloat(v, options.precision) : v instanceof Date ? formatTime(v.getTime(), options.timezone) : typeof v === "object" ? JSON.stringify(v) : String(v),
      );
  }
  let k = 0;
  return cells.map((v) => (v === null || v === undefined ? null : texts[k++]));
}

/**
 * Picks the rows to show and formats them: all rows when there are at most `rows`, else the first
 * ceil(rows/2) and the last floor(rows/2) with a "…" row between, so both ends of a time series show.
 * Times, floats and durations follow the display options (see setDisplayOptions).
 */
export function tablePreview(data: Table | FrameInput, rows: number, options: Readonly<DisplayOptions> = getDisplayOptions()): TablePreview {
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
  const kept = shown.filter((i) => i >= 0);
  const columns = arrays.map((a, c) => formatColumn(kept.map((i) => a[i]), types[c], options));
  let k = 0;
  return {
    rowCount,
    columns: names.map((name, c) => (types[c] === "timestamp" && options.timezone !== "UTC" ? { name, type: types[c], timezone: options.timezone } : { name, type: types[c] })),
    rows: shown.map((i) => {
      if (i < 0) return null;
      const r = k++;
      return { index: i, cells: columns.map((cells) => cells[r]) };
    }),
  };
}

/** A column's type as a table header shows it: `float`, or `timestamp (America/New_York)` outside UTC. */
export function typeLabel(column: TablePreview["columns"][number]): string {
  return column.timezone ? `${column.type} (${column.timezone})` : column.type;
}
