/**
 * The kernel's start sees lib/ as it is now: after an edit of lib/, the next kernel start regenerates
 * lib/'s declarations itself (kernel/declarations.ts, startDeclarations), so a cell type-checks against the
 * edited API at once, and its type errors are still reported. Run on a copy of the project (its kernel/
 * and lib/, node_modules linked), so the real lib/ is never edited.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../kernel/kernelSpec";
import { cellProblem, runCells } from "./kernelCells";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "quantlab-kernel-start-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const project = path.join(tmp, "project");
const jupyterPath = path.join(tmp, "jupyter");
const KERNEL = "quantlab-start-copy";

function copyProject(): void {
  fs.mkdirSync(project);
  for (const name of ["kernel", "lib"]) fs.cpSync(path.join(PROJECT_ROOT, name), path.join(project, name), { recursive: true });
  for (const name of ["package.json", "tsconfig.json"]) fs.copyFileSync(path.join(PROJECT_ROOT, name), path.join(project, name));
  fs.symlinkSync(path.join(PROJECT_ROOT, "node_modules"), path.join(project, "node_modules"), "dir");
  const spec = path.join(jupyterPath, "kernels", KERNEL);
  fs.mkdirSync(spec, { recursive: true });
  const argv = [process.execPath, path.join(project, "kernel", "launch.js"), "{connection_file}"];
  fs.writeFileSync(path.join(spec, "kernel.json"), JSON.stringify({ argv, display_name: "quantlab (copy)", language: "typescript" }));
}

const run = (batches: (string | string[])[]) =>
  runCells(batches, { kernel: KERNEL, cwd: project, env: { JUPYTER_PATH: jupyterPath, QUANTLAB_STORE: path.join(tmp, "db") }, timeout: 900 });

const types = path.join(project, ".jupyter", "types");

describe("a kernel start after an edit of lib/", () => {
  it("generates the declarations a fresh copy lacks, and cells import lib/ through them", async () => {
    copyProject();
    expect(fs.existsSync(types)).toBe(false);
    const [cell] = await run(['import { Arctic } from "./lib";\ntypeof Arctic.open']);
    expect(cellProblem(cell)).toBe("");
    expect(cell.stdout.trim()).toBe("function");
    expect(fs.existsSync(path.join(types, "lib", "index.d.ts"))).toBe(true);
  }, 1_200_000);

  it("sees a new export at the next start, and reports a cell's type error against it", async () => {
    const stampBefore = fs.readFileSync(path.join(types, "stamp.json"), "utf8");
    fs.appendFileSync(path.join(project, "lib", "index.ts"), "\n/** A probe of the kernel-start test. */\nexport const kernelStartProbe: number = 41;\n");
    const [uses, misuses] = await run(['import { kernelStartProbe } from "./lib";\nkernelStartProbe + 1', ["const wrong: string = kernelStartProbe;"]]);
    expect(cellProblem(uses)).toBe("");
    expect(uses.stdout.trim()).toBe("42");
    expect(misuses.status).toBe("error");
    expect(cellProblem(misuses)).toContain("Type 'number' is not assignable to type 'string'");
    expect(fs.readFileSync(path.join(types, "stamp.json"), "utf8")).not.toBe(stampBefore);
    expect(fs.readFileSync(path.join(types, "lib", "index.d.ts"), "utf8")).toContain("kernelStartProbe: number");
  }, 1_200_000);
});
