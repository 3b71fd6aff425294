import { TimestampArray, parseIsoUs } from "../../frame";
import { CsvCells } from "./parseCsv";
import { ImportError } from "./ImportError";

/** Options of {@link typeColumns}. */
export interface TypeColumnsOptions {
  /**
   * The column holding the time index; it becomes `timestamp`. Dates and date-times in ISO-8601 form
   * (naive ones are UTC), or numbers as epoch milliseconds.
   * @default the first unnamed column holding dates (pandas' index column), else a column named
   *   timestamp, date, datetime or time (any case) holding dates, else none (the data is row-indexed)
   */
  timestampColumn?: string;
  /** Lower-case every column name (`Close` -> `close`). @default false */
  lowercase?: boolean;
}

type Kind = "float" | "timestamp" | "bool" | "string";
const NUMBER = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;
const SPECIAL: Record<string, number> = { nan: NaN, inf: Infinity, "+inf": Infinity, "-inf": -Infinity, infinity: Infinity, "-infinity": -Infinity };
const TIME_NAMES = ["timestamp", "date", "datetime", "time"];

function kindOf(cell: string): Kind {
  const t = cell.trim();
  if (NUMBER.test(t) || t.toLowerCase() in SPECIAL) return "float";
  if (!Number.isNaN(parseIsoUs(t))) return "timestamp";
  if (/^(true|false)$/i.test(t)) return "bool";
  return "string";
}

const firstValue = (cells: string[]) => cells.find((c) => c.trim() !== "");

function badValue(file: string, line: number, column: string, cell: string, kind: Kind): ImportError {
  const what = { float: "a number", timestamp: "an ISO-8601 date or date-time", bool: "true or false", string: "text" }[kind];
  return new ImportError(`${file} line ${line}, column '${column}': '${cell}' is not ${what}, as the column's first value is; fix the value or leave the cell empty for a missing value`, { code: "BAD_VALUE",
    file,
    line,
    column,
  });
}

/** One column's cells as typed values; empty cells are nulls (NaN stays a value when written as NaN). */
function typeColumn(cells: string[], kind: Kind, name: string, lines: number[], file: string): ArrayLike<unknown> {
  const n = cells.length;
  const hasEmpty = cells.some((c) => c.trim() === "");
  if (kind === "float") {
    const out: (number | null)[] | Float64Array = hasEmpty ? new Array<number | null>(n) : new Float64Array(n);
    for (let r = 0; r < n; r++) {
      const t = cells[r].trim();
      if (t === "") (out as (number | null)[])[r] = null;
      else if (NUMBER.test(t)) out[r] = Number(t);
      else if (t.toLowerCase() in SPECIAL) out[r] = SPECIAL[t.toLowerCase()];
      else throw badValue(file, lines[r], name, cells[r], kind);
    }
    return out;
  }
  if (kind === "timestamp") {
    const out: (Date | null)[] | TimestampArray = hasEmpty ? new Array<Date | null>(n) : new TimestampArray(n);
    for (let r = 0; r < n; r++) {
      const t = cells[r].trim();
      if (t === "") {
        (out as (Date | null)[])[r] = null;
        continue;
      }
      const us = parseIsoUs(t);
      if (Number.isNaN(us)) throw badValue(file, lines[r], name, cells[r], kind);
      if (out instanceof TimestampArray) out[r] = us / 1000;
      else out[r] = new Date(us / 1000);
    }
    return out;
  }
  if (kind === "bool") {
    return cells.map((c, r) => {
      const t = c.trim().toLowerCase();
      if (t === "") return null;
      if (t !== "true" && t !== "false") throw badValue(file, lines[r], name, c, kind);
      return t === "true";
    });
  }
  return cells.map((c) => (c === "" ? null : c));
}

function pickIndex(names: string[], kinds: (Kind | null)[], options: TypeColumnsOptions, file: string): number {
  if (options.timestampColumn !== undefined) {
    const wanted = options.timestampColumn;
    let at = names.indexOf(wanted);
    if (at < 0) at = names.findIndex((n) => n.toLowerCase() === wanted.toLowerCase());
    if (at < 0) {
      throw new ImportError(`${file}: no column '${wanted}' to use as the timestamp; the columns are ${names.map((n) => `'${n}'`).join(", ")}`, { code: "NO_TIMESTAMP", file, column: wanted });
    }
    return at;
  }
  const unnamed = names.findIndex((n, i) => n === "" && kinds[i] === "timestamp");
  if (unnamed >= 0) return unnamed;
  return names.findIndex((n, i) => TIME_NAMES.includes(n.toLowerCase()) && kinds[i] === "timestamp");
}

/**
 * Types the columns of a parsed CSV: each column takes the type of its first non-empty value (number,
 * date, true/false, or text) and every other value must fit it; empty cells are nulls. The time index
 * column (see {@link TypeColumnsOptions.timestampColumn}) is renamed `timestamp` and may not have gaps.
 * @throws ImportError BAD_VALUE naming the line and column of a value that does not fit its column;
 *   NO_TIMESTAMP when the named index column is missing, holds empty cells or other values than dates.
 */
export function typeColumns(csv: CsvCells, file: string, options: TypeColumnsOptions = {}): [string, ArrayLike<unknown>][] {
  return typeColumnsAround(csv, file, (kinds) => pickIndex(csv.names, kinds, options, file), options.lowercase ?? false);
}

/**
 * {@link typeColumns} with the index column chosen by the caller (-1: none), e.g. job output, whose index
 * is the column named exactly `timestamp` when there is one.
 */
export function typeColumnsWithIndex(csv: CsvCells, file: string, index: number): [string, ArrayLike<unknown>][] {
  return typeColumnsAround(csv, file, () => index, false);
}

function typeColumnsAround(csv: CsvCells, file: string, chooseIndex: (kinds: (Kind | null)[]) => number, lowercase: boolean): [string, ArrayLike<unknown>][] {
  const kinds = csv.cells.map((cells) => {
    const v = firstValue(cells);
    return v === undefined ? null : kindOf(v);
  });
  const index = chooseIndex(kinds);
  const out: [string, ArrayLike<unknown>][] = [];
  csv.cells.forEach((cells, c) => {
    let name = csv.names[c] === "" ? `column_${c + 1}` : csv.names[c];
    if (lowercase) name = name.toLowerCase();
    let kind: Kind = kinds[c] ?? "string";
    if (c === index) {
      name = "timestamp";
      if (cells.length === 0) {
        // A header without rows (a collector with nothing new): an empty index.
        out.push([name, new TimestampArray(0)]);
        return;
      }
      if (kind !== "timestamp" && kind !== "float") {
        throw new ImportError(`${file}: column '${csv.names[c]}' cannot be the timestamp: its first value '${firstValue(cells) ?? ""}' is not a date`, { code: "NO_TIMESTAMP", file, column: csv.names[c] });
      }
      const empty = cells.findIndex((cell) => cell.trim() === "");
      if (empty >= 0) throw new ImportError(`${file} line ${csv.lines[empty]}, column '${csv.names[c]}': the timestamp is empty; every row needs one`, { code: "NO_TIMESTAMP", file, line: csv.lines[empty], column: csv.names[c] });
      if (kind === "float") {
        const ms = typeColumn(cells, "float", csv.names[c] || `column ${c + 1} (unnamed)`, csv.lines, file) as Float64Array;
        out.push([name, TimestampArray.from(ms)]);
        return;
      }
    } else if (name === "timestamp" && index >= 0) {
      name = `timestamp_${c + 1}`;
    }
    if (kinds[c] === null) kind = "string";
    out.push([name, typeColumn(cells, kind, csv.names[c] || `column ${c + 1} (unnamed)`, csv.lines, file)]);
  });
  return out;
}
