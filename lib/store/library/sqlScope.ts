import { Connection } from "../engine";
import { InvalidDataError } from "../../errors";
import { sqlString } from "../names";

/** Table functions user SQL may call without `allowFiles`: they make rows and read nothing. */
const ROW_MAKERS = new Set(["range", "generate_series", "unnest"]);

/** Table functions that read the store's own tables; refused even with `allowFiles`. */
const CATALOG_READERS = /^(query|query_table|duckdb_.*|pragma_.*|sqlite_master|information_schema.*|pg_.*)$/i;

type Node = { [key: string]: unknown };

/** Table references that read nothing by themselves (their parts are checked on their own). */
const PLAIN_REFS = new Set(["BASE_TABLE", "TABLE_FUNCTION", "SHOW_REF", "SUBQUERY", "JOIN", "EMPTY", "EXPRESSION_LIST", "PIVOT"]);

/** DuckDB's serialized table references carry an alias and a sample clause; expressions carry a class. */
const isTableRef = (node: Node) => typeof node.type === "string" && "alias" in node && "sample" in node && !("class" in node);

/**
 * Checks what a user's SELECT may read, from DuckDB's own parse of it: tables only by the names of
 * its `{SYMBOL}` placeholders and of its own WITH clauses (never qualified by a database or schema), and
 * table functions only from {@link ROW_MAKERS} (any but the catalog readers with `allowFiles`). A WITH
 * name may not be the name of a table of the store, so a reference outside the WITH's scope cannot
 * fall through to the catalog.
 * @param body the user's statement with each placeholder replaced by its quoted symbol name.
 * @param storeTables lower-cased names of every table and view of the databases the statement runs on
 *   (asked for only when the statement has a WITH of its own).
 * @throws InvalidDataError naming the first reference that is not allowed.
 */
export async function checkSqlScope(
  connection: Connection,
  body: string,
  symbols: string[],
  storeTables: () => Promise<Set<string>>,
  options: { allowFiles: boolean; library: string },
): Promise<void> {
  const parsed = JSON.parse(String(await connection.value(`SELECT json_serialize_sql(${sqlString(body)})`))) as { error: boolean; error_message?: string; statements?: Node[] };
  const refuse = (what: string) =>
    new InvalidDataError(`sql: ${what}; a query over the store reads only its {SYMBOL} placeholders and its own WITH tables`, {
      library: options.library,
    });
  if (parsed.error) {
    // DuckDB serializes plain SELECTs only; the statement's own error, if any, is reported when it is prepared.
    if (/only select/i.test(parsed.error_message ?? "")) throw refuse("write PIVOT/UNPIVOT inside a SELECT, e.g. SELECT * FROM (PIVOT ...)");
    return;
  }
  const placeholders = new Set(symbols.map((s) => s.toLowerCase()));
  const names = new Set(placeholders);
  const nodes: Node[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === "object") {
      nodes.push(value as Node);
      Object.values(value).forEach(visit);
    }
  };
  visit(parsed.statements);
  let reserved: Set<string> | null = null;
  for (const node of nodes) {
    const map = (node.cte_map as { map?: { key: string }[] } | undefined)?.map ?? [];
    for (const { key } of map) {
      const name = key.toLowerCase();
      reserved ??= await storeTables();
      if (reserved.has(name) && !placeholders.has(name)) throw refuse(`the WITH name "${key}" is the name of a store table; choose another`);
      names.add(name);
    }
  }
  for (const node of nodes) {
    if (node.type === "BASE_TABLE" && typeof node.table_name === "string") {
      const qualified = [node.catalog_name, node.schema_name, node.table_name].filter((p) => p).join(".");
      if (node.catalog_name || node.schema_name || !names.has(node.table_name.toLowerCase())) {
        throw refuse(`the table "${qualified}" is not a placeholder; write {SYMBOL} for a symbol`);
      }
    } else if (node.type === "SHOW_REF") {
      // SUMMARIZE/DESCRIBE of a query carry that query (checked as any other); SHOW TABLES and the like do not.
      if (!node.query) throw refuse(`SHOW ${String(node.table_name ?? "")} is not allowed`);
    } else if (isTableRef(node) && !PLAIN_REFS.has(String(node.type))) {
      throw refuse(`a ${String(node.type)} table reference is not allowed`);
    } else if (node.type === "TABLE_FUNCTION") {
      const fn = String((node.function as Node | undefined)?.function_name ?? "");
      const allowed = options.allowFiles ? !CATALOG_READERS.test(fn) : ROW_MAKERS.has(fn.toLowerCase());
      if (!allowed) throw refuse(`the table function ${fn}() is not allowed${options.allowFiles ? "" : " (DuckDB's file functions need { allowFiles: true })"}`);
    }
  }
}

/** Lower-cased names of every table and view the connection can see, as {@link checkSqlScope} wants them. */
export async function storeTableNames(connection: Connection): Promise<Set<string>> {
  const rows = await connection.rows(
    "SELECT lower(table_name) FROM duckdb_tables() UNION SELECT lower(view_name) FROM duckdb_views() WHERE NOT internal",
  );
  return new Set(rows.map((r) => String(r[0])));
}
