/** The progress line optimize() draws on stderr for long sweeps. */

/** Options of {@link progressLine}. */
export interface ProgressLineOptions {
  total: number;
  /** true: from the start; false: never; "auto": once the sweep has run for `afterMs`. */
  show: boolean | "auto";
  /** What is maximised, shown beside the best value. */
  title: string;
  /** @default 2000 */
  afterMs?: number;
  /** @default process.stderr */
  stream?: { write(text: string): unknown };
}

/** A progress line: `update` after each combination, `end` once (idempotent). */
export interface ProgressLine {
  update(done: number, best: { params: object; value: number } | null): void;
  end(): void;
}

const REDRAW_MS = 200;

/**
 * `optimize [##########--------------] 412/1000 41% 3.1 s, best SQN 1.87 at fast=10 slow=40`, redrawn in
 * place with a carriage return at most every 200 ms (terminals and Jupyter both overwrite the line), and
 * ended with a newline so what follows starts clean.
 * @internal used by optimize().
 */
export function progressLine(options: ProgressLineOptions): ProgressLine {
  const { total, show, title, afterMs = 2000, stream = process.stderr } = options;
  const start = Date.now();
  let last = 0;
  let drawn = false;
  let ended = false;
  let pending = "";
  const draw = (text: string) => {
    stream.write(`\r${text}`);
    drawn = true;
    last = Date.now();
  };
  return {
    update(done, best) {
      if (ended || show === false) return;
      const now = Date.now();
      const elapsed = now - start;
      if (show === "auto" && elapsed < afterMs) return;
      const width = 24;
      const filled = Math.round((width * done) / total);
      const where = best
        ? `, best ${title} ${formatValue(best.value)} at ${Object.entries(best.params)
            .map(([k, v]) => `${k}=${v}`)
            .join(" ")}`
        : "";
      pending = `optimize [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total} ${Math.floor((100 * done) / total)}% ${(elapsed / 1000).toFixed(1)} s${where}`;
      if (done === total || now - last >= REDRAW_MS) draw(pending.padEnd(100));
    },
    end() {
      if (ended) return;
      ended = true;
      if (drawn) stream.write(`\r${pending.padEnd(100)}\n`);
    },
  };
}

function formatValue(v: number): string {
  return Math.abs(v) >= 1000 ? v.toFixed(0) : v.toPrecision(4);
}
