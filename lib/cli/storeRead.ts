import { Table } from "../frame";
import { AsOf, DateRange, Library } from "../store";
import { integerOption, stringOption } from "./args";
import { AS_OF_OPTION, parseAsOf, parseTimeOption } from "./asOf";
import { columnValues, isNumericColumn, jsonRows, textCell } from "./cells";
import { Command, OptionSpec, OptionValues } from "./command";
import { OutputFormat, csvLine, printable, textTable } from "./format";
import { Writer, println } from "./io";
import { withStore } from "./openStore";
import { UsageError } from "./UsageError";

/** Rows a table shows unless --limit says otherwise. */
export const DEFAULT_TABLE_LIMIT = 20;
/** --format and --limit, shared by the commands that print rows. */
export const ROWS_OPTIONS: OptionSpec[] = [
  { name: "format", type: "string", value: "table|csv|json", help: "output format (--json is --format json) [default: table]" },
  { name: "limit", type: "string", value: "N", help: `rows a table shows [default: ${DEFAULT_TABLE_LIMIT}]` },
];
/** Rows rendered per write when printing CSV or JSON, so a large read is not one giant string. */
const CHUNK_ROWS = 5000;

/** What to read, from the command line. */
interface ReadRequest {
  asOf?: AsOf;
  dateRange?: DateRange;
  columns?: string[];
  head?: number;
  tail?: number;
}

/** The output format from --format / --json (UsageError when they conflict). */
export function outputFormat(values: OptionValues, usage: string): OutputFormat {
  const format = stringOption(values, "format");
  if (format !== undefined && !["table", "csv", "json"].includes(format)) {
    throw new UsageError(`--format must be table, csv or json, got '${format}'`, { usage });
  }
  if (values.json && format !== undefined && format !== "json") {
    throw new UsageError(`--json conflicts with --format ${format}; give one of them`, { usage });
  }
  return values.json ? "json" : ((format ?? "table") as OutputFormat);
}

function readRequest(values: OptionValues, usage: string): ReadRequest {
  const head = integerOption(values, "head", usage);
  const tail = integerOption(values, "tail", usage);
  if (head !== undefined && tail !== undefined) throw new UsageError("--head and --tail conflict; give one of them", { usage });
  const start = parseTimeOption(stringOption(values, "start"), "start", usage);
  const end = parseTimeOption(stringOption(values, "end"), "end", usage);
  const columns = stringOption(values, "columns")
    ?.split(",")
    .map((c) => c.trim())
    .filter((c) => c !== "");
  return {
    asOf: parseAsOf(stringOption(values, "as-of")),
    dateRange: start === undefined && end === undefined ? undefined : [start ?? null, end ?? null],
    columns,
    head,
    tail,
  };
}

/** The rows --head/--tail select, as a rowRange over the date-filtered rows (undefined = all). */
function rowRange(request: ReadRequest): [number, number | null] | undefined {
  if (request.head !== undefined) return [0, request.head];
  if (request.tail !== undefined) return request.tail === 0 ? [0, 0] : [-request.tail, null];
  return undefined;
}

/**
 * Reads only the rows a table shows (at most `limit`) and counts the rest, so a table of a symbol with
 * millions of rows reads twenty. The version is pinned first so the count and the rows agree even if
 * another process writes in between (a snapshot name already pins it, and may hold a deleted version).
 */
async function readPage(library: Library, symbol: string, request: ReadRequest, limit: number): Promise<{ table: Table; more: number }> {
  const description = await library.getDescription(symbol, { asOf: request.asOf });
  const asOf = typeof request.asOf === "string" ? request.asOf : description.version;
  const { dateRange, columns } = request;
  const total =
    dateRange === undefined ? description.rowCount : (await library.read(symbol, { asOf, dateRange, columns: [] })).data.numRows();
  const start = request.tail === undefined ? 0 : Math.max(total - request.tail, 0);
  const end = request.head === undefined ? total : Math.min(request.head, total);
  const shown = Math.min(end - start, limit);
  const result = await library.read(symbol, { asOf, dateRange, columns, rowRange: [start, start + shown] });
  return { table: result.data, more: end - start - shown };
}

/** A text table of `table`'s rows, then a '… N more rows' line when `more` > 0. */
function printTable(out: Writer, table: Table, more: number): void {
  const names = table.columnNames();
  const columns = names.map((n) => columnValues(table, n));
  const rows: string[][] = [];
  for (let r = 0; r < table.numRows(); r++) rows.push(columns.map((values) => printable(textCell(values, r, "null"))));
  println(out, textTable(names.map(printable), rows, columns.map(isNumericColumn)));
  if (more > 0) println(out, `… ${more} more row${more === 1 ? "" : "s"}`);
}

/** Every row as CSV with a header line, written in chunks; to a terminal with control characters escaped ({@link printable}). */
function printCsv(out: Writer, table: Table): void {
  const shown = out.isTTY ? printable : (text: string) => text;
  const names = table.columnNames();
  const columns = names.map((n) => columnValues(table, n));
  println(out, csvLine(names.map(shown)));
  const rowCount = table.numRows();
  for (let from = 0; from < rowCount; from += CHUNK_ROWS) {
    const lines: string[] = [];
    for (let r = from; r < Math.min(from + CHUNK_ROWS, rowCount); r++) lines.push(csvLine(columns.map((values) => shown(textCell(values, r, "")))));
    println(out, lines.join("\n"));
  }
}

/** Prints rows in the chosen format; `more` (table only) counts rows left out of a table. */
export function printRows(out: Writer, format: OutputFormat, table: Table, more: number): void {
  if (format === "table") printTable(out, table, more);
  else if (format === "csv") printCsv(out, table);
  else printJson(out, table);
}

/** A JSON array of row objects, one row per line. */
function printJson(out: Writer, table: Table): void {
  const rowCount = table.numRows();
  if (rowCount === 0) return println(out, "[]");
  out.write("[\n");
  for (let from = 0; from < rowCount; from += CHUNK_ROWS) {
    const to = Math.min(from + CHUNK_ROWS, rowCount);
    const lines = jsonRows(table, from, to).map((row) => JSON.stringify(row));
    out.write(lines.join(",\n") + (to < rowCount ? ",\n" : "\n"));
  }
  println(out, "]");
}

/** `quantlab store read LIBRARY SYMBOL` */
export const readCommand: Command = {
  name: "read",
  args: "LIBRARY SYMBOL",
  summary: "print rows of a version of a symbol",
  description:
    "Prints rows of a version of a symbol. A table shows timestamps as ISO-8601 UTC and at most --limit\n" +
    "rows, with a '… N more rows' line; csv and json print every selected row.",
  options: [
    AS_OF_OPTION,
    { name: "start", type: "string", value: "ISO", help: "only rows whose timestamp is at or after this time" },
    { name: "end", type: "string", value: "ISO", help: "only rows whose timestamp is at or before this time" },
    { name: "head", type: "string", value: "N", help: "only the first N rows (of those in --start/--end); conflicts with --tail" },
    { name: "tail", type: "string", value: "N", help: "only the last N rows (of those in --start/--end); conflicts with --head" },
    { name: "columns", type: "string", value: "a,b", help: "only these columns (the timestamp index always comes first)" },
    ...ROWS_OPTIONS,
  ],
  positionals: [2, 2],
  async run({ values, positionals, io, usage }) {
    const [libraryName, symbol] = positionals;
    const format = outputFormat(values, usage);
    const request = readRequest(values, usage);
    const limit = integerOption(values, "limit", usage) ?? DEFAULT_TABLE_LIMIT;
    const page = await withStore(stringOption(values, "store"), async (arctic) => {
      const library = await arctic.getLibrary(libraryName);
      if (format === "table") return readPage(library, symbol, request, limit);
      const { asOf, dateRange, columns } = request;
      return { table: (await library.read(symbol, { asOf, dateRange, columns, rowRange: rowRange(request) })).data, more: 0 };
    });
    printRows(io.stdout, format, page.table, page.more);
  },
};
