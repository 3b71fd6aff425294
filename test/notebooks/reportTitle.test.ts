/**
 * A report is titled like its notebook, and a failing cell is named by the prompt number the notebook
 * showed (In [n]), not by its position among all cells.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterAll, describe, expect, it } from "vitest";
import { describeFailure, runNotebook } from "../../kernel/runNotebook";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "quantlab-title-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

type Cell = { markdown: string } | string;

function notebook(name: string, cells: Cell[], metadata: Record<string, unknown> = {}): string {
  const file = path.join(dir, name);
  const nb = {
    cells: cells.map((c, i) =>
      typeof c === "string"
        ? { cell_type: "code", id: `c${i}`, metadata: {}, execution_count: null, outputs: [], source: c }
        : { cell_type: "markdown", id: `c${i}`, metadata: {}, source: c.markdown },
    ),
    metadata: { kernelspec: { name: "quantlab", display_name: "quantlab (TypeScript)", language: "typescript" }, ...metadata },
    nbformat: 4,
    nbformat_minor: 5,
  };
  fs.writeFileSync(file, JSON.stringify(nb));
  return file;
}

const title = (html: string) => /<title>([^<]*)<\/title>/.exec(html)?.[1];

describe("reports and failures in the notebook's own terms", () => {
  it("titles the HTML with the first markdown heading, or with the notebook's metadata title", async () => {
    const cells: Cell[] = [{ markdown: "Some words first.\n\n## Momentum in **AAPL** & friends\n\nMore." }, "1 + 1", { markdown: "# Later heading" }];
    const heading = path.join(dir, "heading.html");
    expect((await runNotebook(notebook("heading.ipynb", cells), { outHtml: heading })).ok).toBe(true);
    expect(title(fs.readFileSync(heading, "utf8"))).toBe("Momentum in AAPL &amp; friends");
    const named = path.join(dir, "named.html");
    expect((await runNotebook(notebook("named.ipynb", cells, { title: "Quarterly review" }), { outHtml: named })).ok).toBe(true);
    expect(title(fs.readFileSync(named, "utf8"))).toBe("Quarterly review");
    const bare = path.join(dir, "bare.html");
    expect((await runNotebook(notebook("bare_notebook.ipynb", ["2 + 2"]), { outHtml: bare })).ok).toBe(true);
    expect(title(fs.readFileSync(bare, "utf8"))).toBe("bare_notebook");
  }, 300_000);

  it("names the failing cell In [n], the prompt it had, not its index among markdown and code", async () => {
    const file = notebook("failing.ipynb", [{ markdown: "# Failing" }, "const a = 1;", "const b = a + 1;", { markdown: "text" }, 'throw new Error("boom " + b);', "a"]);
    const run = await runNotebook(file);
    expect(run.ok).toBe(false);
    expect(run.error?.cell).toBe(4);
    expect(run.error?.executionCount).toBe(3);
    expect(describeFailure(run)).toMatch(/failing\.ipynb: In \[3\] failed\n {4}throw new Error\("boom " \+ b\);\n[\s\S]*Error: boom 2/);
  }, 300_000);
});

describe("Jupyter's checkpoints", () => {
  it("are git-ignored wherever a notebook sits", () => {
    const root = path.resolve(__dirname, "..", "..");
    for (const file of ["notebooks/.ipynb_checkpoints/explore-checkpoint.ipynb", ".ipynb_checkpoints/x-checkpoint.ipynb", "docs/a/.ipynb_checkpoints/y.ipynb"]) {
      expect(spawnSync("git", ["check-ignore", "-q", file], { cwd: root }).status, file).toBe(0);
    }
    expect(spawnSync("git", ["check-ignore", "-q", "notebooks/explore.ipynb"], { cwd: root }).status).toBe(1);
  });
});
