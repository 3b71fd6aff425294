import { stringOption, integerOption } from "./args";
import { AS_OF_OPTION, parseAsOf } from "./asOf";
import { Command } from "./command";
import { withStore } from "./openStore";
import { DEFAULT_TABLE_LIMIT, outputFormat, printCsv, printJson, printTable } from "./storeRead";

/** `quantlab store sql LIBRARY "SELECT ..."` */
export const sqlCommand: Command = {
  name: "sql",
  args: "LIBRARY QUERY",
  summary: "run one SELECT over symbols, each written {SYMBOL} (another library's: {library/SYMBOL})",
  description:
    "Runs one DuckDB SELECT over the store, as lib.sql does: {SYMBOL} stands for the rows of the symbol's\n" +
    "latest version (or the version --as-of names), {library/SYMBOL} for a symbol of another library.\n" +
    "Nothing is written. A table shows at most --limit rows; csv and json print every row.\n" +
    "Example: quantlab store sql demo \"SELECT date_trunc('day', timestamp) AS day, max(high) FROM {AAPL} GROUP BY 1 ORDER BY 1\"",
  options: [
    { ...AS_OF_OPTION, help: "which versions: a snapshot name or an ISO time (the latest version at or before it) for every symbol" },
    { name: "format", type: "string", value: "table|csv|json", help: "output format (--json is --format json) [default: table]" },
    { name: "limit", type: "string", value: "N", help: `rows a table shows [default: ${DEFAULT_TABLE_LIMIT}]` },
  ],
  positionals: [2, 2],
  async run({ values, positionals, io, usage }) {
    const [libraryName, query] = positionals;
    const format = outputFormat(values, usage);
    const limit = integerOption(values, "limit", usage) ?? DEFAULT_TABLE_LIMIT;
    const asOf = parseAsOf(stringOption(values, "as-of"));
    const table = await withStore(stringOption(values, "store"), async (arctic) => (await arctic.getLibrary(libraryName)).sql(query, { asOf }));
    if (format === "table") printTable(io.stdout, table.numRows() > limit ? table.slice(0, limit) : table, Math.max(table.numRows() - limit, 0));
    else if (format === "csv") printCsv(io.stdout, table);
    else printJson(io.stdout, table);
  },
};
