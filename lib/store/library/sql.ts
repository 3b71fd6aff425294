import { InvalidDataError, StoreError } from "../../errors";
import { Table, toTable } from "../../frame";
import { Connection, OutputArray, OutputKind, StatementShape, dataTable, physicalName } from "../engine";
import { sqlIdent } from "../names";
import { AsOf } from "../types";
import { LibraryContext } from "./context";
import { checkSqlScope } from "./sqlScope";
import { withSqlSandbox } from "./sqlSandbox";
import { versionParts } from "./readRows";

/**
 * Splits SQL text into literal text and `{SYMBOL}` placeholders. Braces inside quoted strings and
 * quoted identifiers are left alone; `{{` and `}}` stand for literal braces.
 */
export function parsePlaceholders(text: string): (string | { symbol: string })[] {
  const out: (string | { symbol: string })[] = [];
  let literal = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "'" || c === '"') {
      const end = closingQuote(text, i);
      literal += text.slice(i, end + 1);
      i = end;
    } else if (c === "{" && text[i + 1] === "{") {
      literal += "{";
      i++;
    } else if (c === "}" && text[i + 1] === "}") {
      literal += "}";
      i++;
    } else if (c === "{") {
      const end = text.indexOf("}", i + 1);
      if (end < 0) throw new InvalidDataError(`sql: '{' at position ${i} is not closed; write {{ for a literal brace`);
      out.push(literal, { symbol: text.slice(i + 1, end) });
      literal = "";
      i = end;
    } else literal += c;
  }
  out.push(literal);
  return out;
}

function closingQuote(text: string, start: number): number {
  const q = text[start];
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === q) {
      if (text[i + 1] === q) i++;
      else return i;
    }
  }
  return text.length - 1;
}

/** A query starts with one of these (DuckDB allows FROM-first queries and bare VALUES). */
const SELECT_START = /^\s*(\(|select\b|with\b|from\b|values\b|pivot\b|unpivot\b)/i;

function stripComments(sql: string): string {
  return sql.replace(/--[^\n]*|\/\*[\s\S]*?\*\//g, " ");
}

function convert(kind: OutputKind | null, column: string): string {
  switch (kind) {
    case "float":
      return `CAST(${column} AS DOUBLE)`;
    case "int":
      return `CAST(${column} AS BIGINT)`;
    case "timestamp":
      return `epoch_us(CAST(${column} AS TIMESTAMP))::DOUBLE / 1000`;
    case "bool":
      return column;
    default:
      return `CAST(${column} AS VARCHAR)`;
  }
}

/** Options of {@link sql}; see {@link Library.sql}. */
export interface SqlOptions {
  /** Which version every placeholder reads. @default the latest */
  asOf?: AsOf;
  /**
   * Let the statement use DuckDB's file functions (read_csv, read_parquet, glob, ...), which read any
   * file this process can read. On-disk stores only. Never set by the CLI. @default false
   */
  allowFiles?: boolean;
}

/**
 * See {@link Library.sql}. Each `{SYMBOL}` becomes a common table expression named after the symbol,
 * holding the rows of its latest version (or the version `asOf` names) with the user's column names;
 * the statement must be a single SELECT, reading only its placeholders (see {@link checkSqlScope}),
 * and runs in the sandbox {@link withSqlSandbox} makes.
 */
export function sql(ctx: LibraryContext, text: string, options: SqlOptions = {}): Promise<Table> {
  const parts = parsePlaceholders(text);
  const symbols = parts.flatMap((p) => (typeof p === "string" ? [] : [p.symbol]));
  return withSqlSandbox(ctx, symbols, options.allowFiles ?? false, async ({ connection, resolve, storeTables, seal }) => {
    const open = { connection };
    const ctes = new Map<string, string>();
    let body = "";
    for (const part of parts) {
      if (typeof part === "string") {
        body += part;
        continue;
      }
      if (!ctes.has(part.symbol)) {
        const { version, schema } = await resolve(part.symbol, options.asOf);
        const table = (schema ? `${schema}.` : "") + dataTable(version.symbolId);
        const cols = version.columns.map((c) => `${physicalName(c.id)} AS ${sqlIdent(c.name)}`).join(", ") || "NULL AS empty";
        const selects = versionParts(version).map((p) => `SELECT ${cols} FROM ${table} WHERE ${p.predicate}`);
        const none = `SELECT ${cols} FROM ${table} WHERE false`;
        ctes.set(part.symbol, `${sqlIdent(part.symbol)} AS (${selects.length ? selects.join(" UNION ALL ") : none})`);
      }
      body += sqlIdent(part.symbol);
    }
    // A line comment at the end must not swallow what the store writes after the statement.
    body += "\n";
    let statement = body;
    if (ctes.size > 0) {
      const lead = /^\s*with\s+(recursive\s+)?/i.exec(body);
      const defs = [...ctes.values()].join(", ");
      statement = lead ? `${lead[0]}${defs}, ${body.slice(lead[0].length)}` : `WITH ${defs} ${body}`;
    }
    const notOneSelect = () =>
      new InvalidDataError(`sql: only a single SELECT statement may be run over the store, got: ${text.trim().slice(0, 80)}`, {
        library: ctx.name,
      });
    if (!SELECT_START.test(stripComments(body))) throw notOneSelect();
    await seal();
    let shape: StatementShape;
    try {
      if ((await open.connection.statementCount(statement)) !== 1) throw notOneSelect();
      await checkSqlScope(open.connection, body, [...new Set(symbols)], storeTables, { allowFiles: options.allowFiles ?? false, library: ctx.name });
      shape = await open.connection.shape(statement);
    } catch (cause) {
      if (cause instanceof InvalidDataError) throw cause;
      if (/multiple statements/i.test((cause as Error).message)) throw notOneSelect();
      throw new StoreError(`sql: ${(cause as Error).message}`, { library: ctx.name, cause });
    }
    if (!shape.isSelect) throw notOneSelect();
    return selectTable(open.connection, shape, statement, ctx.name);
  });
}

/**
 * Runs a SELECT whose {@link StatementShape} is known and returns its rows as a Table: numbers as
 * float64 or int columns, timestamps and dates as epoch-ms, booleans as booleans, everything else as text.
 */
export async function selectTable(connection: Connection, shape: StatementShape, statement: string, library?: string): Promise<Table> {
    const names: string[] = [];
    const kinds: OutputKind[] = [];
    const exprs: string[] = [];
    const seen = new Set<string>();
    for (let i = 0; i < shape.columns.length; i++) {
      let name = shape.columns[i].name;
      for (let k = 1; seen.has(name); k++) name = `${shape.columns[i].name}_${k}`;
      seen.add(name);
      names.push(name);
      const kind = shape.columns[i].kind;
      kinds.push(kind ?? "string");
      exprs.push(convert(kind, `q${i}`));
    }
    const aliases = names.map((_, i) => `q${i}`).join(", ");
    const wrapped = `SELECT ${exprs.join(", ")} FROM (${statement}) AS q(${aliases})`;
    let result: { arrays: OutputArray[]; rowCount: number };
    try {
      result = await connection.readColumns(wrapped, kinds);
    } catch (cause) {
      throw new StoreError(`sql: ${(cause as Error).message}`, { library, cause });
    }
    return toTable(names.map((name, i) => [name, result.arrays[i]]));
}
