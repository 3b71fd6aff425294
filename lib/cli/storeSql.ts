import { stringOption, integerOption } from "./args";
import { AS_OF_OPTION, parseAsOf } from "./asOf";
import { Command } from "./command";
import { withStore } from "./openStore";
import { DEFAULT_TABLE_LIMIT, ROWS_OPTIONS, outputFormat, printRows } from "./storeRead";

/** `quantlab store sql LIBRARY "SELECT ..."` */
export const sqlCommand: Command = {
  name: "sql",
  args: "LIBRARY QUERY",
  summary: "run one SELECT over symbols, each written {SYMBOL} (another library's: {library/SYMBOL})",
  description:
    "Runs one DuckDB SELECT over the store, as lib.sql does: {SYMBOL} stands for the rows of the symbol's\n" +
    "latest version (or the version --as-of names), {library/SYMBOL} for a symbol of another library.\n" +
    "Nothing is written. A table shows at most --limit rows; csv and json print every row.\n" +
    "The query reads its {SYMBOL}s only: no file, no store catalog, no other table (DuckDB runs it with\n" +
    "external access and extension installs off).\n" +
    "Example: quantlab store sql demo \"SELECT date_trunc('day', timestamp) AS day, max(high) FROM {AAPL} GROUP BY 1 ORDER BY 1\"",
  options: [
    { ...AS_OF_OPTION, help: "which versions: a snapshot name or an ISO time (the latest version at or before it) for every symbol" },
    ...ROWS_OPTIONS,
  ],
  positionals: [2, 2],
  async run({ values, positionals, io, usage }) {
    const [libraryName, query] = positionals;
    const format = outputFormat(values, usage);
    const limit = integerOption(values, "limit", usage) ?? DEFAULT_TABLE_LIMIT;
    const asOf = parseAsOf(stringOption(values, "as-of"));
    const table = await withStore(stringOption(values, "store"), async (arctic) => (await arctic.getLibrary(libraryName)).sql(query, { asOf }));
    const shown = format === "table" && table.numRows() > limit ? table.slice(0, limit) : table;
    printRows(io.stdout, format, shown, table.numRows() - shown.numRows());
  },
};
