/**
 * The package as another project gets it: `npm pack` (which runs `prepare`, building dist/), then
 * `npm install ./quantlab-x.y.z.tgz` into a new project that copies none of quantlab's `overrides`,
 * then one script in each module format, a type check, and the command line through `npx quantlab`, all
 * run from a folder inside that project, with no QUANTLAB_STORE: the store must be the project's db/.
 *
 * The install uses the npm cache first (--prefer-offline) and the registry for what the cache lacks.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "..", "..");
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";
const NPX = process.platform === "win32" ? "npx.cmd" : "npx";

let dir: string;
let project: string;
/** Where the scripts run: a folder inside the project, so the project is found by walking up. */
let work: string;
const timings: string[] = [];

/** The environment of every child: this one without QUANTLAB_STORE, so the default rule decides. */
function env(): NodeJS.ProcessEnv {
  const copy = { ...process.env };
  delete copy.QUANTLAB_STORE;
  return copy;
}

/** Runs a program to its end; throws with its output when it fails unless `allowFailure`. */
function run(program: string, args: string[], cwd: string, allowFailure = false): { status: number; stdout: string; stderr: string } {
  const t0 = Date.now();
  const result = spawnSync(program, args, { cwd, env: env(), encoding: "utf8", timeout: 8 * 60_000 });
  timings.push(`${path.basename(program)} ${args.slice(0, 2).join(" ")}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const out = { status: result.status ?? -1, stdout: result.stdout ?? "", stderr: result.stderr ?? "" };
  if (!allowFailure && out.status !== 0) {
    throw new Error(`'${program} ${args.join(" ")}' in ${cwd} exited with ${out.status} (${result.error?.message ?? ""}):\n${out.stdout.slice(-3000)}\n${out.stderr.slice(-3000)}`);
  }
  return out;
}

/** A script that opens the default store, writes a symbol named after its format, reads it back and prints JSON. */
const SCRIPT_BODY = (format: string) => `
const arctic = await Arctic.open();
const lib = await arctic.getLibrary("formats", { createIfMissing: true });
const timestamp = [0, 1, 2].map((i) => new Date(Date.UTC(2024, 0, 2 + i)));
await lib.write("${format}", { timestamp, close: [1.5, 2.5, 3.5] });
const table = (await lib.read("${format}")).data;
console.log(JSON.stringify({ location: arctic.location, closes: Array.from(table.array("close") as ArrayLike<number>) }));
await arctic.close();
`;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "quantlab-pack-"));
  const packed = run(NPM, ["pack", "--pack-destination", dir, "--json"], ROOT);
  const tarball = path.join(dir, (JSON.parse(packed.stdout) as { filename: string }[])[0].filename);
  project = path.join(dir, "consumer");
  work = path.join(project, "research", "ideas");
  fs.mkdirSync(work, { recursive: true });
  fs.writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "consumer", version: "1.0.0", private: true }, null, 2));
  run(NPM, ["install", "--prefer-offline", "--no-audit", "--no-fund", tarball], project);
}, 15 * 60_000);

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  process.stdout.write(`pack test steps: ${timings.join("; ")}\n`);
});

describe("the packed quantlab in a new project", () => {
  it("installs without quantlab's overrides and without its dev dependencies", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(project, "package.json"), "utf8")) as Record<string, unknown>;
    expect(pkg.overrides, "the consumer copies no overrides").toBeUndefined();
    const flechette = JSON.parse(fs.readFileSync(path.join(project, "node_modules", "@uwdata", "flechette", "package.json"), "utf8")) as { version: string };
    expect(flechette.version, "arquero's flechette resolves to the one quantlab pins, whose dependencies all exist").toBe("2.6.0");
    expect(fs.existsSync(path.join(project, "node_modules", "arquero", "node_modules", "@uwdata", "flechette")), "no second flechette under arquero").toBe(false);
    expect(fs.existsSync(path.join(project, "node_modules", "danfojs")), "danfojs is a dev dependency only").toBe(false);
    expect(fs.existsSync(path.join(project, "node_modules", "quantlab", "dist", "types", "index.d.ts"))).toBe(true);
    expect(fs.existsSync(path.join(project, "node_modules", "quantlab", "lib")), "the package ships the build, not the sources").toBe(false);
  });

  it("imports { Arctic } from ESM .mjs, ESM .mts and CommonJS, each opening the project's db/", () => {
    fs.writeFileSync(path.join(work, "esm.mjs"), `import { Arctic } from "quantlab";\n${SCRIPT_BODY("mjs").replace(" as ArrayLike<number>", "")}`);
    fs.writeFileSync(path.join(work, "typed.mts"), `import { Arctic } from "quantlab";\n${SCRIPT_BODY("mts")}`);
    fs.writeFileSync(
      path.join(work, "common.cjs"),
      `const { Arctic } = require("quantlab");\n(async () => {${SCRIPT_BODY("cjs").replace(" as ArrayLike<number>", "")}})().catch((e) => { console.error(e); process.exit(1); });\n`,
    );
    const tsx = path.join(project, "node_modules", "tsx", "dist", "cli.mjs");
    const outputs = {
      mjs: run(process.execPath, ["esm.mjs"], work).stdout,
      mts: run(process.execPath, [tsx, "typed.mts"], work).stdout,
      cjs: run(process.execPath, ["common.cjs"], work).stdout,
    };
    for (const [format, stdout] of Object.entries(outputs)) {
      const printed = JSON.parse(stdout.trim().split("\n").pop()!) as { location: Record<string, string>; closes: number[] };
      expect(printed.location, `${format}: the enclosing project's db/, found from ${work}`).toEqual({
        uri: "duckdb://" + path.join(project, "db"),
        path: path.join(project, "db"),
        source: "project",
        project,
      });
      expect(printed.closes, format).toEqual([1.5, 2.5, 3.5]);
    }
    expect(fs.readdirSync(work).includes("db"), "no store was made where the scripts ran").toBe(false);
  }, 5 * 60_000);

  it("carries type declarations: a typed .mts checks, and a wrong type is refused", () => {
    fs.writeFileSync(
      path.join(work, "wrong.mts"),
      `import { Arctic } from "quantlab";\nconst arctic = await Arctic.open("mem://");\nexport const n: number = arctic.location.uri;\n`,
    );
    fs.writeFileSync(
      path.join(project, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: { target: "ES2022", module: "nodenext", moduleResolution: "nodenext", strict: true, noEmit: true, skipLibCheck: true, types: ["node"] },
        files: ["research/ideas/typed.mts", "research/ideas/wrong.mts"],
      }),
    );
    const tsc = require.resolve("typescript/bin/tsc", { paths: [ROOT] });
    const checked = run(process.execPath, [tsc, "-p", project], project, true);
    const errors = checked.stdout.trim().split("\n").filter((l) => /error TS\d+/.test(l));
    expect(errors, checked.stdout).toHaveLength(1);
    expect(errors[0]).toMatch(/^research\/ideas\/wrong\.mts\(3,14\): error TS2322: Type 'string' is not assignable to type 'number'/);
  }, 5 * 60_000);

  it("runs the command line as npx quantlab, on the project's store", () => {
    const help = run(NPX, ["--no-install", "quantlab", "--help"], work);
    expect(help.stdout).toMatch(/^Usage: quantlab <group> <command> \[options\]/);
    const where = run(NPX, ["--no-install", "quantlab", "store", "where"], work);
    expect(where.stdout).toBe(`${path.join(project, "db")}\n(the db/ of the quantlab project ${project})\n`);
    const read = run(NPX, ["--no-install", "quantlab", "store", "read", "formats", "cjs", "--format", "csv"], work);
    expect(read.stdout).toBe("timestamp,close\n2024-01-02T00:00:00.000Z,1.5\n2024-01-03T00:00:00.000Z,2.5\n2024-01-04T00:00:00.000Z,3.5\n");
  }, 5 * 60_000);

  it("imports with types in tslab's executor, the one a tslab kernel started in the project runs", () => {
    fs.writeFileSync(
      path.join(work, "kernel.cjs"),
      `const { createConverter } = require("tslab/dist/converter");
const { createExecutor } = require("tslab/dist/executor");
const node = createConverter({ isJS: false, isBrowser: false });
const convs = { node, browser: node, close() { node.close(); } };
const errors = [];
const executor = createExecutor(process.cwd(), convs, { log: (...a) => console.log(...a), error: (...a) => errors.push(a.join(" ")) });
(async () => {
  const imported = await executor.execute('import { Arctic } from "quantlab";\\nconst arctic = await Arctic.open();\\nconsole.log(arctic.location.source);');
  const mistyped = await executor.execute("const n: number = arctic.location.uri;");
  console.log(JSON.stringify({ imported, mistyped, errors }));
  convs.close();
  process.exit(0);
})();
`,
    );
    const out = run(process.execPath, ["kernel.cjs"], work).stdout.trim().split("\n");
    expect(out[0], "the cell ran and found the project's store").toBe("project");
    const result = JSON.parse(out[out.length - 1]) as { imported: boolean; mistyped: boolean; errors: string[] };
    expect(result.imported, result.errors.join("\n")).toBe(true);
    expect(result.mistyped, "the declarations reach the kernel's type checker").toBe(false);
    expect(result.errors.join("\n")).toContain("Type 'string' is not assignable to type 'number'");
  }, 5 * 60_000);

  it("runs a .ts script with top-level await through npx quantlab run, from a folder of the project", () => {
    fs.writeFileSync(
      path.join(work, "tla.ts"),
      `import { Arctic } from "quantlab";\nconst arctic = await Arctic.open();\nconst lib = await arctic.getLibrary("formats");\nconsole.log((await lib.read("mjs")).data.numRows(), process.argv.slice(2).join(" "));\nawait arctic.close();\n`,
    );
    expect(run(NPX, ["--no-install", "quantlab", "run", "tla.ts", "--", "--since", "2024"], work).stdout).toBe("3 --since 2024\n");
  }, 5 * 60_000);
});
