/**
 * Keeps bench/RESULTS.md up to date: the machine block and one block per benchmark, each between
 * markers, are replaced by a run; text outside the markers (analysis, proposals) is kept as written.
 */
import * as fs from "fs";
import * as path from "path";
import { Machine, machineLine } from "./machine";
import { BenchReport, figuresTable } from "./report";

export const RESULTS_PATH = path.join(__dirname, "RESULTS.md");

const HEADER = `# Store benchmarks

\`npm run bench\` runs every benchmark (\`npm run bench -- write read\` runs some; \`BENCH_ROWS=1000000\`
scales the 10M-row figures down for a quick run). Each figure is the median of several repetitions
(min beside it) and is compared with a raw DuckDB reference measured in the same run; a goal is printed
beside each figure with PASS/MISS, and a miss does not fail the run. Blocks between \`<!-- bench:... -->\`
markers are rewritten by each run; everything else here is kept.
`;

const block = (id: string, body: string) => `<!-- bench:${id} -->\n${body.trim()}\n<!-- /bench:${id} -->`;

function replaceBlock(text: string, id: string, body: string, insertBefore?: string): string {
  const re = new RegExp(`<!-- bench:${id} -->[\\s\\S]*?<!-- /bench:${id} -->`);
  if (re.test(text)) return text.replace(re, () => block(id, body));
  const next = insertBefore ? text.indexOf(`<!-- bench:${insertBefore} -->`) : -1;
  if (next >= 0) return text.slice(0, next) + block(id, body) + "\n\n" + text.slice(next);
  return text.trimEnd() + "\n\n" + block(id, body) + "\n";
}

/** One benchmark's section: title, the run it came from, figures, notes. */
export function section(title: string, file: string, machine: Machine, env: string, report: BenchReport): string {
  const notes = report.notes.map((n) => `- ${n}`).join("\n");
  return `## ${title} (\`bench/${file}\`)\n\nRun ${machine.date}, ${env}.\n\n${figuresTable(report.figures)}\n${notes ? "\n" + notes + "\n" : ""}`;
}

/** Writes the machine block and the given benchmark sections (in `order`) into RESULTS.md. */
export function updateResults(machine: Machine, sections: { id: string; body: string }[], order: string[]): void {
  let text = fs.existsSync(RESULTS_PATH) ? fs.readFileSync(RESULTS_PATH, "utf8") : HEADER;
  text = replaceBlock(text, "machine", `## Machine\n\n${machineLine(machine)}; last run ${machine.date}.\n`, order[0]);
  for (const { id, body } of sections) {
    const later = order.slice(order.indexOf(id) + 1).find((o) => text.includes(`<!-- bench:${o} -->`));
    text = replaceBlock(text, id, body, later);
  }
  fs.writeFileSync(RESULTS_PATH, text.trimEnd() + "\n");
}
