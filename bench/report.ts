/** Figures of a benchmark: each beside its reference, the ratio, and the goal with PASS/MISS. */
import { fmtMs } from "./timing";

/** A goal: at most `limit` times the reference, or at most `limit` milliseconds. */
export type Goal = { ratio: number } | { ms: number };

/** One measured figure. Times are medians in milliseconds. */
export interface Figure {
  name: string;
  ms: number;
  /** Fastest repetition, when there were several. */
  minMs?: number;
  /** What the figure is compared with, measured in the same run. */
  reference?: { name: string; ms: number; minMs?: number };
  goal?: Goal;
  /** Extra text for the figure's row (throughput, row counts). */
  detail?: string;
}

/** What a benchmark hands back: figures and notes for RESULTS.md. */
export interface BenchReport {
  figures: Figure[];
  notes: string[];
}

export function ratioOf(f: Figure): number | null {
  return f.reference && f.reference.ms > 0 ? f.ms / f.reference.ms : null;
}

/** PASS, MISS or "" when the figure has no goal. */
export function verdict(f: Figure): "PASS" | "MISS" | "" {
  if (!f.goal) return "";
  if ("ms" in f.goal) return f.ms <= f.goal.ms ? "PASS" : "MISS";
  const ratio = ratioOf(f);
  return ratio !== null && ratio <= f.goal.ratio ? "PASS" : "MISS";
}

export function goalText(goal?: Goal): string {
  if (!goal) return "—";
  return "ms" in goal ? `<= ${goal.ms} ms` : `<= ${goal.ratio}x ref`;
}

const timeText = (ms: number, minMs?: number) => (minMs === undefined ? fmtMs(ms) : `${fmtMs(ms)} (min ${fmtMs(minMs)})`);

/** One line per figure for the console. */
export function printFigure(f: Figure): void {
  const ratio = ratioOf(f);
  const parts = [`${f.name}: ${timeText(f.ms, f.minMs)}`];
  if (f.reference) parts.push(`ref ${f.reference.name} ${timeText(f.reference.ms, f.reference.minMs)}`);
  if (ratio !== null) parts.push(`ratio ${ratio.toFixed(2)}x`);
  if (f.goal) parts.push(`goal ${goalText(f.goal)} ${verdict(f)}`);
  if (f.detail) parts.push(f.detail);
  process.stdout.write(`  ${parts.join(" | ")}\n`);
}

const cell = (s: string) => s.replace(/\|/g, "\\|");

/** The figures as a Markdown table. */
export function figuresTable(figures: Figure[]): string {
  const lines = [
    "| figure | store (median, min) | reference | ref (median, min) | ratio | goal | result | detail |",
    "|---|---|---|---|---|---|---|---|",
  ];
  for (const f of figures) {
    const ratio = ratioOf(f);
    lines.push(
      "| " +
        [
          f.name,
          timeText(f.ms, f.minMs),
          f.reference?.name ?? "—",
          f.reference ? timeText(f.reference.ms, f.reference.minMs) : "—",
          ratio === null ? "—" : `${ratio.toFixed(2)}x`,
          goalText(f.goal),
          verdict(f) ? `**${verdict(f)}**` : "—",
          f.detail ?? "",
        ]
          .map(cell)
          .join(" | ") +
        " |",
    );
  }
  return lines.join("\n");
}
