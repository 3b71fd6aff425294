import { REPORTS_LIBRARY, ValidationError, checkLibrary, loadReports, saveReports } from "../validate";
import type { LibraryCheck, SymbolCheck } from "../validate";
import type { CalendarName } from "../market";
import { stringOption } from "./args";
import { Command, CommandGroup } from "./command";
import { prettyJson, printable, textTable } from "./format";
import { println } from "./io";
import { withStore } from "./openStore";
import { Progress, progressBar } from "./progress";
import { UsageError } from "./UsageError";
import { VALIDATE_GROUP } from "./groups";

/** `quantlab validate check LIBRARY [SYMBOL]` */
export const checkCommand: Command = {
  name: "check",
  args: "LIBRARY [SYMBOL]",
  summary: "check the OHLCV bars of every symbol (or one): duplicates, order, invalid rows, gaps, outliers, stale runs",
  description:
    "Validates the latest version of each symbol of LIBRARY (or only SYMBOL) against an exchange calendar\n" +
    "and prints one line per symbol with its quality score and what was found. The reports are saved in the\n" +
    `store's '${REPORTS_LIBRARY}' library as the symbol named LIBRARY (one row per symbol; each check is a new\n` +
    "version). With --fix, duplicates (keep last), invalid rows and gaps are fixed first, each fix a new\n" +
    "version of the symbol (the old versions stay readable with --as-of in 'quantlab store read').\n" +
    "Progress goes to stderr. Exit code: 0 when nothing was found, 1 when some symbol has findings or could\n" +
    "not be checked (or on a store error), 2 for a mistake in the command line.",
  options: [
    { name: "timeframe", type: "string", value: "TF", help: 'bar length: "1m", "5m", "1h", "1d"... [default: each symbol\'s metadata, else 1m]' },
    { name: "calendar", type: "string", value: "NAME", help: "XNYS, XNAS, CME or 24/7 [default: each symbol's metadata, else 24/7]" },
    { name: "session", type: "string", value: "KIND", help: "RTH or ETH (XNYS/XNAS pre and post market) [default: RTH]" },
    { name: "fix", type: "boolean", help: "fix duplicates (keep last), invalid rows and gaps first, as new versions" },
    { name: "no-save", type: "boolean", help: `do not save the reports in the '${REPORTS_LIBRARY}' library` },
  ],
  positionals: [1, 2],
  async run({ values, positionals, io, usage }) {
    const [libraryName, symbol] = positionals;
    const timeframe = stringOption(values, "timeframe");
    const calendarName = stringOption(values, "calendar") as CalendarName | undefined;
    const session = (stringOption(values, "session") ?? "RTH").toUpperCase() as "RTH" | "ETH";
    let bar: Progress | null = null;
    const check = await withStore(stringOption(values, "store"), async (arctic) => {
      const lib = await arctic.getLibrary(libraryName);
      let check: LibraryCheck;
      try {
        check = await checkLibrary(lib, {
          timeframe,
          calendar: calendarName,
          session,
          fix: values.fix === true,
          symbols: symbol === undefined ? undefined : [symbol],
          onProgress: ({ total, symbol: name }) => (bar ??= progressBar(io.stderr, { total, label: "validate" })).tick(name),
        });
      } catch (error) {
        if (error instanceof ValidationError && error.code === "INVALID_OPTIONS") {
          const message = error.message.replace(/^checkLibrary: /, "").replace(/'(timeframe|calendar|session)'/, "--$1");
          throw new UsageError(message.replace(/ or a Calendar object$/, ""), { usage });
        }
        throw error;
      } finally {
        bar?.done();
      }
      // saved after the check, so bad options leave no 'reports' library behind
      if (!values["no-save"]) check.saved = await saveReports(await arctic.getLibrary(REPORTS_LIBRARY, { createIfMissing: true }), check);
      return check;
    });
    if (values.json) println(io.stdout, prettyJson(check));
    else printCheck(check, io.stdout);
    return check.ok ? 0 : 1;
  },
};

/** `quantlab validate reports LIBRARY` */
export const reportsCommand: Command = {
  name: "reports",
  args: "LIBRARY",
  summary: `show the saved reports of LIBRARY's symbols (from the '${REPORTS_LIBRARY}' library), without checking again`,
  options: [{ name: "as-of", type: "string", value: "V", help: "an earlier save: a version number (negative counts back) or a time" }],
  positionals: [1, 1],
  async run({ values, positionals, io }) {
    const asOfText = stringOption(values, "as-of");
    const asOf = asOfText === undefined ? undefined : /^-?\d+$/.test(asOfText) ? Number(asOfText) : new Date(asOfText);
    const saved = await withStore(stringOption(values, "store"), async (arctic) =>
      loadReports(await arctic.getLibrary(REPORTS_LIBRARY), positionals[0], { asOf }),
    );
    if (values.json) return println(io.stdout, prettyJson(saved));
    println(io.stdout, symbolTable(saved, true));
    return saved.every((s) => s.report?.ok) ? 0 : 1;
  },
};

/** `quantlab validate ...`: data-quality checks and fixes. */
export const validateGroup: CommandGroup = {
  ...VALIDATE_GROUP,
  commands: [checkCommand, reportsCommand],
  defaultCommand: "check",
};

function printCheck(check: LibraryCheck, out: { write(text: string): unknown }): void {
  const { timeframe, calendar, session } = check.options;
  // "metadata": each symbol chose its own; print the one value they share, else say it varies.
  const own = (option: string, key: "timeframe" | "calendar") => {
    if (option !== "metadata") return option;
    const used = [...new Set(check.symbols.flatMap((s) => (s.report ? [s.report[key]] : [])))];
    return used.length === 1 ? used[0] : "per symbol (metadata)";
  };
  println(out, `${check.library}: ${check.symbols.length} symbol(s) checked at ${check.checkedAt} (timeframe ${own(timeframe, "timeframe")}, calendar ${own(calendar, "calendar")} ${session})`);
  println(out);
  println(out, symbolTable(check.symbols, false));
  const fixes = check.symbols.flatMap((s) => s.fixes);
  if (fixes.length) {
    println(out);
    for (const f of fixes) println(out, `fixed ${printable(f.symbol)} v${f.fromVersion} -> v${f.version}: ${f.record?.fix}: ${f.record?.summary}`);
  }
  if (check.saved) {
    println(out);
    println(out, `saved in '${check.saved.library}' as '${printable(check.saved.symbol)}' version ${check.saved.version}`);
  }
}

function symbolTable(symbols: (SymbolCheck & { checkedAt?: string })[], withTime: boolean): string {
  const header = ["symbol", "version", "rows", "score", "dup", "order", "invalid", "gaps", "missing", "extra", "outliers", "stale", "status"];
  if (withTime) header.splice(1, 0, "checked");
  const rows = symbols.map((s) => {
    const r = s.report;
    const c = r?.counts;
    const cells = [
      printable(s.symbol),
      s.version === null ? "" : String(s.version),
      r ? String(r.rows) : "",
      r ? r.score.toFixed(4) : "",
      ...(c ? [c.duplicates, c.outOfOrder, c.invalid, c.gaps, c.missingBars, c.extraBars, c.outliers, c.staleRuns].map(String) : Array<string>(8).fill("")),
      s.error ? `error ${s.error.code}: ${printable(s.error.message)}` : r?.ok ? "ok" : "issues",
    ];
    if (withTime) cells.splice(1, 0, s.checkedAt ?? "");
    return cells;
  });
  const right = header.map((h) => !["symbol", "checked", "status"].includes(h));
  return textTable(header, rows, right);
}
