import { checkFreshness, ValidationError } from "../validate";
import type { SymbolFreshness } from "../validate";
import type { CalendarName } from "../market";
import { integerOption, stringOption } from "./args";
import { Command, CommandGroup } from "./command";
import { DATA_GROUP } from "./groups";
import { prettyJson, printable, textTable } from "./format";
import { println } from "./io";
import { withStore } from "./openStore";
import { UsageError } from "./UsageError";

/** `quantlab data freshness LIBRARY` */
export const freshnessCommand: Command = {
  name: "freshness",
  args: "LIBRARY",
  summary: "list the symbols whose latest bar is older than their calendar says it should be",
  description:
    "For each symbol of LIBRARY, counts the bars its calendar expects to have closed after its latest stored\n" +
    "bar (daily bars: sessions closed since; intraday: calendar.expectedBars), and lists those with more than\n" +
    "--tolerance missing (all symbols with --all). Each symbol's timeframe and calendar come from its\n" +
    "metadata (timeframe or interval; calendar) unless given. Corporate actions (SYM.actions) and quarantined\n" +
    "batches (SYM.quarantine) are not checked. Exit code: 0 when every symbol is fresh, 1 when some symbol is\n" +
    "stale or could not be judged (for cron alerting), 2 for a mistake in the command line.",
  options: [
    { name: "timeframe", type: "string", value: "TF", help: 'bar length: "1m", "1h", "1d"... [default: each symbol\'s metadata, else 1d]' },
    { name: "calendar", type: "string", value: "NAME", help: "XNYS, XNAS, CME or 24/7 [default: each symbol's metadata, else 24/7]" },
    { name: "tolerance", type: "string", value: "N", help: "bars that may be missing before a symbol is stale [default: 0]" },
    { name: "at", type: "string", value: "TIME", help: "judge at this ISO-8601 time instead of now" },
    { name: "all", type: "boolean", help: "list every symbol, fresh ones too" },
  ],
  positionals: [1, 1],
  async run({ values, positionals, io, usage }) {
    const [libraryName] = positionals;
    const atText = stringOption(values, "at");
    const now = atText === undefined ? new Date() : new Date(atText);
    if (Number.isNaN(now.getTime())) throw new UsageError(`--at must be an ISO-8601 time, got '${atText}'`, { usage });
    const toleranceBars = integerOption(values, "tolerance", usage) ?? 0;
    const rows = await withStore(stringOption(values, "store"), async (arctic) => {
      const lib = await arctic.getLibrary(libraryName);
      try {
        return await checkFreshness(lib, { timeframe: stringOption(values, "timeframe"), calendar: stringOption(values, "calendar") as CalendarName | undefined, toleranceBars, now });
      } catch (error) {
        if (error instanceof ValidationError && error.code === "INVALID_OPTIONS") throw new UsageError(error.message.replace(/^checkFreshness: /, ""), { usage, cause: error });
        throw error;
      }
    });
    const bad = rows.filter((r) => r.stale || r.error !== null);
    if (values.json) println(io.stdout, prettyJson(values.all ? rows : bad));
    else printFreshness(libraryName, values.all ? rows : bad, rows.length, now, io.stdout);
    return bad.length === 0 ? 0 : 1;
  },
};

function printFreshness(library: string, rows: SymbolFreshness[], checked: number, now: Date, out: { write(text: string): unknown }): void {
  const stale = rows.filter((r) => r.stale || r.error !== null).length;
  println(out, `${library}: ${checked} symbol(s) checked at ${now.toISOString()}, ${stale} stale`);
  if (rows.length === 0) return;
  println(out);
  const header = ["symbol", "timeframe", "calendar", "latest", "missing", "status"];
  const cells = rows.map((r) => [printable(r.symbol), r.timeframe, r.calendar, r.latest ?? "", String(r.missingBars), r.error ? `error: ${printable(r.error)}` : r.stale ? "stale" : "fresh"]);
  println(out, textTable(header, cells, [false, false, false, false, true, false]));
}

/** `quantlab data ...`: the state of collected data. */
export const dataGroup: CommandGroup = {
  ...DATA_GROUP,
  commands: [freshnessCommand],
  defaultCommand: "freshness",
};
