import { InvalidDataError } from "../errors";
import { columnValues } from "./columnValues";
import { isDanfoFrame, danfoColumns } from "./danfo";
import { ColumnInput, inferColumn } from "./inferColumn";
import { Column, Frame } from "./types";

/** An arquero Table, as far as the store needs to know it. */
export interface TableLike {
  columnNames(): string[];
  numRows(): number;
  array(name: string): ArrayLike<unknown>;
}

/**
 * What the store accepts as data: an arquero Table, an array of row objects, an object of column
 * arrays or typed arrays, or a danfo DataFrame (recognised by its shape, danfojs is not required).
 */
export type FrameInput = TableLike | Record<string, unknown>[] | Record<string, ColumnInput> | object;

function isTableLike(data: unknown): data is TableLike {
  const t = data as TableLike;
  return (
    typeof data === "object" &&
    data !== null &&
    typeof t.columnNames === "function" &&
    typeof t.numRows === "function" &&
    typeof t.array === "function"
  );
}

/**
 * Normalises user data to a {@link Frame}: one typed column per name, all of the same length.
 * Row objects take their columns from the union of the rows' keys, in first-seen order; a key missing
 * in a row is a null there.
 * @throws InvalidDataError when the data is not one of the accepted shapes, has no columns, has
 *   columns of different lengths, duplicate column names (also when they differ only in case, since
 *   SQL would not tell them apart), or values that {@link inferColumn} rejects.
 * @throws InvalidNameError when a column name cannot be stored.
 */
export function toFrame(data: unknown, context: { symbol?: string } = {}): Frame {
  const where = context.symbol === undefined ? "data" : `data for '${context.symbol}'`;
  let named: [string, ColumnInput][];
  if (isTableLike(data)) {
    named = data.columnNames().map((name) => [name, columnValues(data, name) as ColumnInput]);
  } else if (isDanfoFrame(data)) {
    named = danfoColumns(data);
  } else if (Array.isArray(data)) {
    named = rowsToColumns(data, where, context.symbol);
  } else if (typeof data === "object" && data !== null && Object.getPrototypeOf(data) === Object.prototype) {
    named = Object.entries(data as Record<string, unknown>).map(([name, values]) => {
      if (!isColumnInput(values)) {
        throw new InvalidDataError(`${where}: column '${name}' is a ${typeof values}, not an array`, {
          symbol: context.symbol,
          column: name,
        });
      }
      return [name, values];
    });
  } else {
    throw new InvalidDataError(
      `${where} is not a table: pass an arquero Table, an array of row objects, an object of column arrays or a danfo DataFrame`,
      { symbol: context.symbol },
    );
  }
  if (named.length === 0) {
    throw new InvalidDataError(`${where} has no columns`, { symbol: context.symbol });
  }
  const seen = new Map<string, string>();
  for (const [name] of named) {
    const folded = name.toLowerCase();
    const other = seen.get(folded);
    if (other !== undefined) {
      throw new InvalidDataError(
        `${where} has duplicate column names '${other}' and '${name}' (column names must differ in more than case)`,
        { symbol: context.symbol, column: name },
      );
    }
    seen.set(folded, name);
  }
  const columns: Column[] = named.map(([name, values]) => inferColumn(name, values, context));
  const rowCount = columns[0].values.length;
  for (const column of columns) {
    if (column.values.length !== rowCount) {
      throw new InvalidDataError(
        `${where}: column '${column.name}' has ${column.values.length} rows but '${columns[0].name}' has ${rowCount}`,
        { symbol: context.symbol, column: column.name },
      );
    }
  }
  return { columns, rowCount };
}

function isColumnInput(values: unknown): values is ColumnInput {
  return Array.isArray(values) || ArrayBuffer.isView(values);
}

function rowsToColumns(rows: unknown[], where: string, symbol?: string): [string, unknown[]][] {
  const names: string[] = [];
  const index = new Map<string, number>();
  rows.forEach((row, i) => {
    if (typeof row !== "object" || row === null || Array.isArray(row)) {
      throw new InvalidDataError(`${where}: row ${i} is not an object of column values`, { symbol, row: i });
    }
    for (const key of Object.keys(row)) {
      if (!index.has(key)) {
        index.set(key, names.length);
        names.push(key);
      }
    }
  });
  return names.map((name) => [name, rows.map((row) => (row as Record<string, unknown>)[name] ?? null)]);
}
