/**
 * The documentation as tests read it: the README (the entrance) and one page per area in docs/, each
 * page's ```ts blocks with the `## section` they sit in. A page added to docs/ is picked up here, so its
 * examples are run like the others.
 */
import * as fs from "fs";
import * as path from "path";

/** The project root. */
export const ROOT = path.resolve(__dirname, "..", "..");

/** A ```ts block of a page: the page (relative to the root), its `## section`, its first line, its code. */
export interface DocBlock {
  page: string;
  section: string;
  line: number;
  code: string;
}

/** README.md, then every docs/*.md in name order, as paths relative to the root. */
export function docPages(): string[] {
  const docs = fs
    .readdirSync(path.join(ROOT, "docs"))
    .filter((name) => name.endsWith(".md"))
    .sort()
    .map((name) => `docs/${name}`);
  return ["README.md", ...docs];
}

/** The text of a page. */
export function readPage(page: string): string {
  return fs.readFileSync(path.join(ROOT, page), "utf8");
}

/** A page's ```ts blocks, in order; a block before the first `## ` heading has section "". */
export function tsBlocks(page: string): DocBlock[] {
  const blocks: DocBlock[] = [];
  let section = "";
  let fence: DocBlock | "other" | null = null;
  readPage(page)
    .split("\n")
    .forEach((text, i) => {
      if (fence) {
        if (text.startsWith("```")) {
          if (fence !== "other") blocks.push(fence);
          fence = null;
        } else if (fence !== "other") fence.code += text + "\n";
      } else if (text.startsWith("```")) fence = text.trim() === "```ts" ? { page, section, line: i + 2, code: "" } : "other";
      else if (text.startsWith("## ")) section = text.slice(3).trim();
    });
  return blocks;
}

/** The code of the ```ts blocks under `## heading` of a page; throws when the page has no such section. */
export function sectionBlocks(page: string, heading: string): string[] {
  const all = tsBlocks(page);
  const text = readPage(page);
  if (!text.split("\n").some((line) => line === `## ${heading}`)) throw new Error(`${page} has no section '## ${heading}'`);
  return all.filter((b) => b.section === heading).map((b) => b.code);
}
