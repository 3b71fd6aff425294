import * as path from "path";
import { exportLibrary } from "../store";
import { stringOption } from "./args";
import { Command } from "./command";
import { prettyJson } from "./format";
import { println } from "./io";
import { withStore } from "./openStore";
import { progressBar } from "./progress";
import { UsageError } from "./UsageError";

/** `quantlab store export LIBRARY DIR [--as-of SNAPSHOT | --all-versions] [--symbol S]...` */
export const exportCommand: Command = {
  name: "export",
  args: "LIBRARY DIR",
  summary: "write a library's symbols to DIR as Parquet files with a manifest.json ('quantlab import store DIR' restores them)",
  description: [
    "Write each symbol's latest version (or a snapshot's with --as-of, or every live version with",
    "--all-versions) to DIR, one Parquet file per version, and a manifest.json listing symbols, versions,",
    "creation times, metadata and column types. DIR must be new or empty. The store is only read.",
  ].join("\n"),
  options: [
    { name: "as-of", type: "string", value: "SNAPSHOT", help: "export the versions this snapshot holds [default: each symbol's latest]" },
    { name: "all-versions", type: "boolean", help: "export every live version of each symbol, oldest first" },
    { name: "symbol", type: "string", value: "S", help: "export only these symbols (comma-separated) [default: all]" },
  ],
  positionals: [2, 2],
  async run({ positionals, values, io, usage }) {
    const [libraryName, dir] = positionals;
    const asOf = stringOption(values, "as-of");
    const allVersions = values["all-versions"] === true;
    if (asOf !== undefined && allVersions) throw new UsageError("--as-of and --all-versions exclude each other", { usage });
    const symbols = stringOption(values, "symbol")?.split(",").filter((s) => s !== "");
    const target = path.resolve(dir);
    const result = await withStore(stringOption(values, "store"), async (arctic) => {
      const library = await arctic.getLibrary(libraryName);
      let bar: ReturnType<typeof progressBar> | undefined;
      try {
        return await exportLibrary(library, target, {
          asOf,
          allVersions,
          symbols,
          onProgress: ({ symbol, version, done, total }) => {
            bar ??= progressBar(io.stderr, { total, label: `export ${libraryName}` });
            bar.tick(`${symbol}@${version}`);
            if (done === total) bar.done();
          },
        });
      } finally {
        bar?.done();
      }
    });
    const versions = result.manifest.symbols.reduce((n, s) => n + s.versions.length, 0);
    if (values.json) return println(io.stdout, prettyJson({ library: libraryName, dir: target, symbols: result.manifest.symbols.length, versions, rows: result.rows }));
    println(io.stdout, `${libraryName}: ${result.manifest.symbols.length} symbols, ${versions} versions, ${result.rows} rows -> ${target}`);
  },
};
