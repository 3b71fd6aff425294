import * as fs from "fs";
import * as path from "path";
import { ImportFormat, ImportOptions, importFile, importFolder } from "../data";
import { Arctic } from "../store";
import { stringOption } from "./args";
import { Command, CommandGroup } from "./command";
import { prettyJson } from "./format";
import { println } from "./io";
import { storeUri } from "./openStore";
import { progressBar } from "./progress";
import { UsageError } from "./UsageError";
import { IMPORT_GROUP } from "./groups";
import { storeImportCommand } from "./importStore";

const MODES = ["write", "append", "update"];
const FORMATS = ["csv", "json", "parquet"];

/** `quantlab import FILE|FOLDER --library L [--symbol S] [--mode M] ...` */
const fileCommand: Command = {
  name: "file",
  args: "FILE|FOLDER",
  summary: "import a CSV, JSON (lines) or Parquet file as a new version of a symbol, or every such file of a folder",
  description: [
    "Import a CSV or JSON (lines) file as a new version of a symbol; a folder imports each file as the symbol",
    "its name gives (GOOG.csv -> GOOG), all or none. CSV: delimiter and header are detected; a first unnamed",
    "column of dates (as pandas writes it), or a column named timestamp/date/datetime/time, becomes the index.",
    "A bad value stops the import with its line and column, and nothing is stored. The library is created if",
    "it does not exist.",
  ].join("\n"),
  options: [
    { name: "library", type: "string", value: "L", help: "the library to import into (required)" },
    { name: "symbol", type: "string", value: "S", help: "the symbol [default: the file's name without extension]" },
    { name: "mode", type: "string", value: "M", help: "write (a new full version), append or update [default: write]" },
    { name: "timestamp-column", type: "string", value: "C", help: "the column holding the time index [default: detected]" },
    { name: "format", type: "string", value: "F", help: "csv, json or parquet [default: from the extension]" },
    { name: "delimiter", type: "string", value: "D", help: "the CSV field separator [default: detected]" },
    { name: "lowercase", type: "boolean", help: "lower-case the column names (Close -> close)" },
  ],
  positionals: [1, 1],
  async run({ positionals, values, io, usage }) {
    const [target] = positionals;
    const library = stringOption(values, "library");
    if (!library) throw new UsageError("--library is required", { usage });
    const mode = stringOption(values, "mode") ?? "write";
    if (!MODES.includes(mode)) throw new UsageError(`--mode must be one of ${MODES.join(", ")}, got '${mode}'`, { usage });
    const format = stringOption(values, "format");
    if (format !== undefined && !FORMATS.includes(format)) throw new UsageError(`--format must be csv, json or parquet, got '${format}'`, { usage });
    if (!fs.existsSync(target)) throw new UsageError(`no file or folder at '${target}'`, { usage });
    const folder = fs.statSync(target).isDirectory();
    if (folder && values.symbol) throw new UsageError("--symbol names one symbol; a folder's files are imported as the symbols their names give", { usage });
    const steps = 20;
    const bar = progressBar(io.stderr, { total: steps, label: `import ${path.basename(target)}` });
    let shown = 0;
    const options: ImportOptions = {
      mode: mode as ImportOptions["mode"],
      format: format as ImportFormat | undefined,
      timestampColumn: stringOption(values, "timestamp-column"),
      delimiter: stringOption(values, "delimiter"),
      lowercase: values.lowercase === true,
      onProgress: (fraction) => {
        while (shown < Math.floor(fraction * steps)) bar.tick(`${++shown * (100 / steps)}%`);
      },
    };
    const arctic = await Arctic.open(storeUri(stringOption(values, "store")));
    try {
      const lib = await arctic.getLibrary(library, { createIfMissing: true });
      const items = folder ? await importFolder(lib, target, options) : [await importFile(lib, stringOption(values, "symbol") ?? path.basename(target, path.extname(target)), target, options)];
      bar.done();
      const described = await Promise.all(items.map(async (item) => ({ symbol: item.symbol, version: item.version, rows: (await lib.getDescription(item.symbol)).rowCount })));
      if (values.json) return println(io.stdout, prettyJson({ library, imported: described }));
      for (const d of described) println(io.stdout, `${library}/${d.symbol}: version ${d.version}, ${d.rows} rows`);
    } finally {
      bar.done();
      await arctic.close();
    }
  },
};

/** `quantlab import ...`: get files, or a directory `quantlab store export` wrote, into the store. */
export const importGroup: CommandGroup = {
  ...IMPORT_GROUP,
  commands: [fileCommand, storeImportCommand],
  defaultCommand: "file",
};
