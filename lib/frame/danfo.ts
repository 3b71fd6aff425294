import { ColumnInput } from "./inferColumn";

/** The part of a danfo.js DataFrame the store reads: column names and per-column values. */
export interface DanfoFrameLike {
  columns: string[];
  shape: number[];
  column(name: string): { values: ArrayLike<unknown> };
}

/** True for an object shaped like a danfo.js DataFrame (danfojs itself is never loaded for this). */
export function isDanfoFrame(data: unknown): data is DanfoFrameLike {
  const d = data as DanfoFrameLike;
  return (
    typeof data === "object" &&
    data !== null &&
    Array.isArray(d.columns) &&
    Array.isArray(d.shape) &&
    typeof d.column === "function"
  );
}

/** The columns of a danfo DataFrame as name/values pairs. */
export function danfoColumns(frame: DanfoFrameLike): [string, ColumnInput][] {
  return frame.columns.map((name) => [name, frame.column(name).values]);
}

/**
 * Converts a Table to a danfo.js DataFrame. danfojs is optional: install `danfojs` (not
 * `danfojs-node`, which downloads libtensorflow at install time) to use this.
 * @throws Error naming the package to install when danfojs is not installed.
 */
export function toDanfo(table: { columnNames(): string[]; array(name: string): ArrayLike<unknown> }): unknown {
  let danfo: { DataFrame: new (data: Record<string, unknown[]>) => unknown };
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    danfo = require("danfojs");
  } catch (cause) {
    throw new Error("toDanfo needs the optional package danfojs: npm install danfojs", { cause });
  }
  const data: Record<string, unknown[]> = {};
  for (const name of table.columnNames()) data[name] = Array.from(table.array(name));
  return new danfo.DataFrame(data);
}
