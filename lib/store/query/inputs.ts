import { InvalidDataError } from "../../errors";
import { Table, toTable } from "../../frame";
import { Arctic } from "../Arctic";
import { OpenFile } from "../engine";
import type { Library } from "../Library";
import { LibraryContext, withFile } from "../library/context";
import { resolveVersion } from "../library/resolve";
import { AsOf } from "../types";
import { Plan, compilePlan } from "./compile";
import { contextOf } from "./libraryContext";
import { QueryBuilder } from "./QueryBuilder";
import { withBounds } from "./runQuery";
import { QueryColumn } from "./sqlParts";
import { versionSource } from "./versionSource";

/** A symbol in a library (latest version unless `asOf`), optionally narrowed by a query first. */
export interface SymbolRef {
  library: Library;
  symbol: string;
  /** Which version; see AsOf. @default latest */
  asOf?: AsOf;
  /** A query applied to the symbol before it is joined or concatenated. @default none */
  query?: QueryBuilder;
}

/** What asofJoin and concat take: an arquero Table, or a symbol in a library. */
export type QueryInput = Table | SymbolRef;

const isTable = (x: unknown): x is Table =>
  x !== null && typeof x === "object" && typeof (x as Table).columnNames === "function" && typeof (x as Table).numRows === "function";

function isRef(x: unknown): x is SymbolRef {
  return x !== null && typeof x === "object" && "library" in x && "symbol" in x;
}

/**
 * A statement over the inputs, built from their plans: extra CTEs, the final SELECT, its columns, and
 * checks run first, each a SELECT over the same CTEs whose first value, when not null, fails the call.
 */
export interface InputsStatement {
  ctes: string[];
  select: string;
  columns: QueryColumn[];
  checks?: { sql: string; fail: (value: unknown) => Error }[];
}

/**
 * Runs `build` over the inputs as query plans in one DuckDB statement and returns the result as a Table.
 * Symbols of one library run in its file; otherwise (Tables, or symbols of several libraries) each input
 * is first copied into a private in-memory library, read with its query applied.
 * @throws InvalidDataError for an input that is neither a Table nor { library, symbol }.
 */
export async function runOverInputs(inputs: QueryInput[], where: string, build: (plans: Plan[]) => InputsStatement): Promise<Table> {
  inputs.forEach((x, i) => {
    if (!isTable(x) && !isRef(x)) {
      throw new InvalidDataError(`${where}: input ${i} must be an arquero Table or { library, symbol }, got ${x === null ? "null" : typeof x}`);
    }
  });
  const refs = inputs.filter(isRef);
  const contexts = refs.map((r) => contextOf(r.library, where));
  if (refs.length === inputs.length && contexts.every((c) => c.file === contexts[0].file)) {
    return withFile(contexts[0], (open) => runRefs(contexts[0], open, refs, build));
  }
  const arctic = await Arctic.open("mem://");
  try {
    const scratch = await arctic.createLibrary("inputs");
    const copies: SymbolRef[] = [];
    for (let i = 0; i < inputs.length; i++) {
      const x = inputs[i];
      const data = isTable(x) ? x : (await x.library.read(x.symbol, { asOf: x.asOf, query: x.query })).data;
      const symbol = isTable(x) ? `table ${i}` : x.symbol;
      // Keep the user's symbol names for messages; suffix duplicates.
      const name = copies.some((c) => c.symbol === symbol) ? `${symbol} (${i})` : symbol;
      await scratch.write(name, data, { validateIndex: false });
      copies.push({ library: scratch, symbol: name });
    }
    const ctx = contextOf(scratch, where);
    return await withFile(ctx, (open) => runRefs(ctx, open, copies, build));
  } finally {
    await arctic.close();
  }
}

async function runRefs(ctx: LibraryContext, open: OpenFile, refs: SymbolRef[], build: (plans: Plan[]) => InputsStatement): Promise<Table> {
  const plans: Plan[] = [];
  for (let i = 0; i < refs.length; i++) {
    const { version } = await resolveVersion(ctx, open, refs[i].symbol, refs[i].asOf);
    const steps = refs[i].query?.steps ?? [];
    const source = await withBounds(open.connection, steps, versionSource(version, version.columns, { symbol: refs[i].symbol, library: ctx.name }));
    plans.push(compilePlan(steps, source, `i${i}_`));
  }
  const statement = build(plans);
  const ctes = plans.flatMap((p) => p.ctes);
  for (const check of statement.checks ?? []) {
    const found = (await open.connection.rows(`WITH ${ctes.join(", ")} ${check.sql}`))[0]?.[0];
    if (found !== null && found !== undefined) throw check.fail(found);
  }
  const sql = `WITH ${[...ctes, ...statement.ctes].join(", ")} ${statement.select}`;
  const result = await open.connection.readColumns(sql, statement.columns.map((c) => c.type));
  return toTable(statement.columns.map((c, i) => [c.name, result.arrays[i]]));
}
