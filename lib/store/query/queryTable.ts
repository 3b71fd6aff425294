import { Table } from "../../frame";
import { Arctic } from "../Arctic";
import { QueryBuilder } from "./QueryBuilder";

/**
 * Runs a query over an in-memory table (any input `lib.write` takes: arquero Table, row objects, column
 * arrays) in a private in-memory DuckDB, with the same semantics as `lib.read(symbol, { query })`.
 * Errors name the symbol as 'table'. The table need not be sorted.
 * @throws the query's SchemaError / InvalidDataError, and the write's InvalidDataError for data that is not a table.
 * @example const hourly = await queryTable(minuteBars, new QueryBuilder().resample("1h"));
 */
export async function queryTable(data: unknown, query: QueryBuilder): Promise<Table> {
  const arctic = await Arctic.open("mem://");
  try {
    const lib = await arctic.createLibrary("queryTable");
    await lib.write("table", data, { validateIndex: false });
    return (await lib.read("table", { query })).data;
  } finally {
    await arctic.close();
  }
}
