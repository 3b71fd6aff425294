import type { Writer } from "./io";

/** Options of {@link progressBar}. */
export interface ProgressOptions {
  /** Steps in all (e.g. symbols to check). */
  total: number;
  /** Word before the bar, e.g. "validate". @default "progress" */
  label?: string;
  /**
   * Draw a bar redrawn in place (true) or print one plain line per step (false, for logs and pipes).
   * @default whether `stream.isTTY` is true
   */
  tty?: boolean;
  /** Width of the bar in characters. @default 24 */
  width?: number;
}

/** A progress display: {@link progressBar} makes one. */
export interface Progress {
  /** One more step done; `detail` (e.g. the symbol) is shown beside the count. */
  tick(detail?: string): void;
  /** Ends the display: on a terminal, clears the bar's line so what follows starts clean. Idempotent. */
  done(): void;
}

/**
 * A progress display on `stream` (usually stderr, so stdout stays clean for data and JSON). On a terminal
 * it redraws one line, `validate [#########---------------] 3/8 AAPL`; elsewhere (a pipe, a file, CI logs)
 * it prints one plain line per step, `validate: 3/8 AAPL`, so logs show progress without control characters.
 * Holds no timer or handle: nothing to leak when a command fails midway (call done() in finally all the same,
 * to clear the line).
 * @example
 * const bar = progressBar(io.stderr, { total: symbols.length, label: "validate" });
 * try { for (const s of symbols) { await check(s); bar.tick(s); } } finally { bar.done(); }
 */
export function progressBar(stream: Writer, options: ProgressOptions): Progress {
  const { total, label = "progress", width = 24 } = options;
  const tty = options.tty ?? (stream as { isTTY?: boolean }).isTTY === true;
  let done = 0;
  let finished = false;
  let drawn = false;
  return {
    tick(detail = "") {
      if (finished) return;
      done++;
      const count = `${done}/${total}`;
      if (!tty) {
        stream.write(`${label}: ${count}${detail ? " " + detail : ""}\n`);
        return;
      }
      const filled = total > 0 ? Math.round((width * Math.min(done, total)) / total) : width;
      const columns = (stream as { columns?: number }).columns ?? 80;
      const line = `${label} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${count}${detail ? " " + detail : ""}`;
      stream.write(`\r\x1b[2K${line.slice(0, Math.max(columns - 1, 10))}`);
      drawn = true;
    },
    done() {
      if (finished) return;
      finished = true;
      if (tty && drawn) stream.write("\r\x1b[2K");
    },
  };
}
