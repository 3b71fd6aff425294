import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { pathToFileURL } from "url";
import { packageRoot } from "../store";
import { Command, CommandGroup } from "./command";
import { RUN_GROUP } from "./groups";
import { UsageError } from "./UsageError";

/** The esbuild API used here. */
interface Esbuild {
  build(options: Record<string, unknown>): Promise<{ outputFiles: { contents: Uint8Array }[] }>;
}
interface ResolveArgs {
  path: string;
  resolveDir: string;
}
interface PluginBuild {
  onResolve(options: { filter: RegExp }, callback: (args: ResolveArgs) => { path: string; external: boolean } | undefined): void;
}

/**
 * The script as one ES module (so top-level await works in a .ts file too): its own modules bundled in,
 * npm packages left to Node, and quantlab, whether imported as "quantlab" or as a relative path to a
 * checkout's lib/, taken from the built package (dist/index.js) of the quantlab that runs it.
 */
async function bundleScript(file: string, root: string): Promise<Uint8Array> {
  const esbuild = require(require.resolve("esbuild", { paths: [root] })) as Esbuild;
  const library = pathToFileURL(path.join(root, "dist", "index.js")).href;
  const libDir = path.join(root, "lib");
  const isLibIndex = (target: string) => [libDir, path.join(libDir, "index"), path.join(libDir, "index.ts")].includes(target);
  const result = await esbuild.build({
    entryPoints: [file],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    write: false,
    logLevel: "error",
    // CommonJS names a script or a module it bundles may use, as they would be in the script's folder.
    banner: {
      js: [
        'import { createRequire as __quantlabCreateRequire } from "module";',
        `const require = __quantlabCreateRequire(${JSON.stringify(file)});`,
        `const __filename = ${JSON.stringify(file)};`,
        `const __dirname = ${JSON.stringify(path.dirname(file))};`,
      ].join("\n"),
    },
    plugins: [
      {
        name: "quantlab-run",
        setup(build: PluginBuild) {
          build.onResolve({ filter: /^quantlab$/ }, () => ({ path: library, external: true }));
          build.onResolve({ filter: /^\.\.?(\/|$)/ }, (args) => (isLibIndex(path.resolve(args.resolveDir, args.path)) ? { path: library, external: true } : undefined));
          build.onResolve({ filter: /^[^./]/ }, (args) => ({ path: args.path, external: true }));
        },
      },
    ],
  });
  return result.outputFiles[0].contents;
}

/** `quantlab run SCRIPT [-- ARGS...]` */
export const scriptCommand: Command = {
  name: "script",
  args: "SCRIPT [-- ARGS...]",
  summary: "run a TypeScript or JavaScript research script as an ES module: top-level await, import from \"quantlab\"",
  description:
    "Runs SCRIPT (.ts, .mts, .js, .mjs) in a new Node process as an ES module, so top-level await works,\n" +
    'from any directory. `import { Arctic } from "quantlab"` (or a relative import of a quantlab checkout\'s\n' +
    "lib/) gives the quantlab that runs it; the script's own modules are bundled with it, npm packages come\n" +
    "from node_modules around the script. Arguments after -- go to the script (process.argv.slice(2)).\n" +
    "The working directory stays, so Arctic.open() finds the store as usual. Exit code: the script's.",
  options: [],
  positionals: [1, 1000],
  async run({ positionals, usage, io }) {
    const [script, ...args] = positionals;
    const file = path.resolve(script);
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new UsageError(`no script at '${file}'`, { usage });
    const root = packageRoot();
    const build = path.join(root, "scripts", "build.js");
    if (fs.existsSync(path.join(root, "lib", "cli", "main.ts")) && fs.existsSync(build)) (require(build) as { ensureFresh(): void }).ensureFresh();
    let code: Uint8Array;
    try {
      code = await bundleScript(file, root);
    } catch (error) {
      io.stderr.write(`quantlab run: cannot compile '${script}':\n${error instanceof Error ? error.message : String(error)}\n`);
      return 1;
    }
    // Beside the script, so that Node finds the npm packages it imports where the script would.
    const out = path.join(path.dirname(file), `.${path.basename(file)}.quantlab-run-${process.pid}.mjs`);
    fs.writeFileSync(out, code);
    const remove = () => fs.rmSync(out, { force: true });
    process.once("exit", remove);
    try {
      return await new Promise<number>((resolve, reject) => {
        const child = spawn(process.execPath, [out, ...args], { stdio: "inherit" });
        child.on("error", reject);
        child.on("exit", (status, signal) => resolve(status ?? (signal ? 128 + (signal === "SIGINT" ? 2 : signal === "SIGTERM" ? 15 : 9) : 1)));
      });
    } finally {
      remove();
    }
  },
};

/** `quantlab run ...`: research scripts. */
export const scriptGroup: CommandGroup = {
  ...RUN_GROUP,
  commands: [scriptCommand],
  defaultCommand: "script",
};
