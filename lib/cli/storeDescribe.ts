import { AS_OF_OPTION, parseAsOf } from "./asOf";
import { stringOption } from "./args";
import { Command } from "./command";
import { isoOrEmpty, prettyJson, printable, textTable } from "./format";
import { println } from "./io";
import { withStore } from "./openStore";

/** `quantlab store describe LIBRARY SYMBOL` */
export const describeCommand: Command = {
  name: "describe",
  args: "LIBRARY SYMBOL",
  summary: "describe a version: columns and types, row count, date range, sortedness, metadata",
  options: [AS_OF_OPTION],
  positionals: [2, 2],
  async run({ values, positionals, io }) {
    const [libraryName, symbol] = positionals;
    const description = await withStore(stringOption(values, "store"), async (arctic) =>
      (await arctic.getLibrary(libraryName)).getDescription(symbol, { asOf: parseAsOf(stringOption(values, "as-of")) }),
    );
    const { columns, index, rowCount, dateRange, lastUpdate, sorted, version } = description;
    const metadata = description.metadata ?? null;
    if (values.json) {
      return println(io.stdout, prettyJson({ library: libraryName, symbol, version, columns, index, rowCount, dateRange, lastUpdate, sorted, metadata }));
    }
    const facts: [string, string][] = [
      ["library", libraryName],
      ["symbol", symbol],
      ["version", String(version)],
      ["rows", String(rowCount)],
      ["index", index ? `${index.name} (${index.type})` : "none (row-indexed)"],
      ["date range", dateRange ? `${isoOrEmpty(dateRange[0])} .. ${isoOrEmpty(dateRange[1])}` : ""],
      ["sorted", sorted],
      ["last update", isoOrEmpty(lastUpdate)],
      ["metadata", metadata === null ? "" : printable(JSON.stringify(metadata))],
    ];
    const width = Math.max(...facts.map(([k]) => k.length));
    for (const [key, value] of facts) println(io.stdout, `${key.padEnd(width)}  ${value}`.trimEnd());
    println(io.stdout);
    println(io.stdout, textTable(["column", "type"], columns.map((c) => [printable(c.name), c.type])));
  },
};
