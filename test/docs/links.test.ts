/**
 * The README stays the entrance and the docs hang together: it is small, it links every page of docs/,
 * it keeps the two commands CI runs, and every relative link of every page leads to a file and heading
 * that exist.
 */
import * as fs from "fs";
import * as path from "path";
import { describe, expect, it } from "vitest";
import { ROOT, docPages, readPage } from "./pages";

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens. */
function anchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

/** The anchors of a page's headings, outside code fences. */
function anchors(page: string): Set<string> {
  const out = new Set<string>();
  let fenced = false;
  for (const line of readPage(page).split("\n")) {
    if (line.startsWith("```")) fenced = !fenced;
    else if (!fenced && /^#{1,6} /.test(line)) out.add(anchor(line.replace(/^#+ /, "")));
  }
  return out;
}

/** The relative links of a page outside code fences and code spans: [text](target). */
function links(page: string): string[] {
  const text = readPage(page)
    .replace(/```[\s\S]*?```/g, "")
    .replace(/`[^`\n]*`/g, "");
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]).filter((t) => !/^[a-z]+:/.test(t));
}

describe("the docs", () => {
  const pages = docPages();

  it("the README is the entrance: at most 12 KB, with a link to every page of docs/", () => {
    const readme = readPage("README.md");
    expect(Buffer.byteLength(readme), "README.md bytes").toBeLessThanOrEqual(12 * 1024);
    for (const page of pages.filter((p) => p.startsWith("docs/"))) expect(readme, `README links ${page}`).toContain(`](${page})`);
  });

  it("the README's test command is the one CI runs", () => {
    const ci = fs.readFileSync(path.join(ROOT, ".ci", "run"), "utf8");
    const command = ci.trim().split("\n").pop()!;
    expect(command).toBe("npm ci && npm test");
    expect(readPage("README.md")).toContain("```sh\nnpm ci && npm test\n```");
    expect(readPage("README.md")).toContain("```sh\nnpm ci && npm start\n```");
  });

  it("every page starts with a title and a short introduction", () => {
    for (const page of pages) {
      const [title, blank, intro] = readPage(page).split("\n");
      expect(title, `${page} title`).toMatch(/^# \S/);
      expect(blank, page).toBe("");
      expect(intro, `${page} introduction`).toMatch(/^(?!#|```|\||- )\S/);
    }
  });

  it("every relative link leads to a file, and to a heading there when it names one", () => {
    const broken: string[] = [];
    for (const page of pages) {
      for (const target of links(page)) {
        const [file, hash] = target.split("#");
        const resolved = file === "" ? page : path.relative(ROOT, path.resolve(ROOT, path.dirname(page), file));
        if (!fs.existsSync(path.join(ROOT, resolved))) broken.push(`${page}: ${target} (no file ${resolved})`);
        else if (hash !== undefined && resolved.endsWith(".md") && !anchors(resolved).has(hash)) broken.push(`${page}: ${target} (no heading #${hash} in ${resolved})`);
      }
    }
    expect(broken).toEqual([]);
  });
});
