import * as path from "path";
import { Arctic, importLibrary } from "../store";
import type { LibraryImportMode } from "../store";
import { stringOption } from "./args";
import { Command } from "./command";
import { prettyJson } from "./format";
import { println } from "./io";
import { storeUri } from "./openStore";
import { progressBar } from "./progress";
import { UsageError } from "./UsageError";

const MODES: LibraryImportMode[] = ["refuse", "replace", "append-versions"];

/** `quantlab import store DIR [--library NAME] [--mode refuse|replace|append-versions]` */
export const storeImportCommand: Command = {
  name: "store",
  args: "DIR",
  summary: "restore a directory 'quantlab store export' wrote: its symbols, versions, metadata and column types",
  description: [
    "Restore an export directory into the library it was exported from (or --library NAME, created when",
    "missing). The manifest and every file are checked before anything is stored. A symbol the library",
    "already has stops the import unless --mode says otherwise. With --all-versions exports, the version",
    "numbers of new symbols are the exported ones; creation times are the import's (the manifest keeps them).",
  ].join("\n"),
  options: [
    { name: "library", type: "string", value: "NAME", help: "the library to import into [default: the one named in the export]" },
    {
      name: "mode",
      type: "string",
      value: "M",
      help: "for a symbol the library has: refuse (stop, store nothing), replace (the export's versions become the live ones) or append-versions [default: refuse]",
    },
  ],
  positionals: [1, 1],
  async run({ positionals, values, io, usage }) {
    const dir = path.resolve(positionals[0]);
    const mode = (stringOption(values, "mode") ?? "refuse") as LibraryImportMode;
    if (!MODES.includes(mode)) throw new UsageError(`--mode must be one of ${MODES.join(", ")}, got '${mode}'`, { usage });
    const arctic = await Arctic.open(storeUri(stringOption(values, "store")));
    let bar: ReturnType<typeof progressBar> | undefined;
    try {
      const result = await importLibrary(arctic, dir, {
        library: stringOption(values, "library"),
        mode,
        onProgress: ({ symbol, version, total }) => {
          bar ??= progressBar(io.stderr, { total, label: `import ${path.basename(dir)}` });
          bar.tick(`${symbol}@${version}`);
        },
      });
      bar?.done();
      if (values.json) return println(io.stdout, prettyJson(result));
      for (const s of result.symbols) println(io.stdout, `${result.library}/${s.symbol}: versions ${s.stored.join(", ")}`);
    } finally {
      bar?.done();
      await arctic.close();
    }
  },
};
