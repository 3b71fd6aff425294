import { Command, CommandContext } from "./command";
import { stringOption } from "./args";
import { isoOrEmpty, prettyJson, textTable } from "./format";
import { println } from "./io";
import { withStore } from "./openStore";

/** Prints names one per line, or a JSON array with --json. */
function printNames(context: CommandContext, names: string[]): void {
  if (context.values.json) println(context.io.stdout, prettyJson(names));
  else for (const name of names) println(context.io.stdout, name);
}

/** `quantlab store libraries` */
export const librariesCommand: Command = {
  name: "libraries",
  args: "",
  summary: "list the libraries, one per line",
  options: [],
  positionals: [0, 0],
  async run(context) {
    const names = await withStore(stringOption(context.values, "store"), (arctic) => arctic.listLibraries());
    printNames(context, names);
  },
};

/** `quantlab store symbols LIBRARY` */
export const symbolsCommand: Command = {
  name: "symbols",
  args: "LIBRARY",
  summary: "list the symbols of a library that have a live version (or those in a snapshot)",
  options: [
    { name: "regex", type: "string", value: "R", help: "only symbols this regular expression matches (anywhere in the name)" },
    { name: "snapshot", type: "string", value: "S", help: "the symbols snapshot S holds" },
  ],
  positionals: [1, 1],
  async run(context) {
    const { values, positionals } = context;
    const names = await withStore(stringOption(values, "store"), async (arctic) => {
      const library = await arctic.getLibrary(positionals[0]);
      return library.listSymbols({ regex: stringOption(values, "regex"), snapshot: stringOption(values, "snapshot") });
    });
    printNames(context, names);
  },
};

/** `quantlab store versions LIBRARY [SYMBOL]` */
export const versionsCommand: Command = {
  name: "versions",
  args: "LIBRARY [SYMBOL]",
  summary: "list versions, newest first per symbol: symbol, version, date, deleted, snapshots",
  description:
    "Lists the versions of one symbol or of all symbols, newest first per symbol: live versions, and\n" +
    "deleted ones a snapshot still holds (deleted = true), each with the snapshots that hold it.",
  options: [{ name: "snapshot", type: "string", value: "S", help: "only the versions snapshot S holds" }],
  positionals: [1, 2],
  async run({ values, positionals, io }) {
    const versions = await withStore(stringOption(values, "store"), async (arctic) => {
      const library = await arctic.getLibrary(positionals[0]);
      return library.listVersions(positionals[1], { snapshot: stringOption(values, "snapshot") });
    });
    if (values.json) return println(io.stdout, prettyJson(versions));
    const rows = versions.map((v) => [v.symbol, String(v.version), isoOrEmpty(v.date), String(v.deleted), v.snapshots.join(",")]);
    println(io.stdout, textTable(["symbol", "version", "date", "deleted", "snapshots"], rows, [false, true]));
  },
};

/** `quantlab store snapshots LIBRARY` */
export const snapshotsCommand: Command = {
  name: "snapshots",
  args: "LIBRARY",
  summary: "list the snapshots of a library: name, created, metadata",
  options: [],
  positionals: [1, 1],
  async run({ values, positionals, io }) {
    const snapshots = await withStore(stringOption(values, "store"), async (arctic) =>
      (await arctic.getLibrary(positionals[0])).listSnapshots(),
    );
    if (values.json) {
      return println(io.stdout, prettyJson(snapshots.map((s) => ({ ...s, metadata: s.metadata ?? null }))));
    }
    const rows = snapshots.map((s) => [s.name, isoOrEmpty(s.created), s.metadata === undefined || s.metadata === null ? "" : JSON.stringify(s.metadata)]);
    println(io.stdout, textTable(["name", "created", "metadata"], rows));
  },
};
