/** Runs `quantlab` in-process for tests, keeping what it prints. */
import { main } from "../../lib/cli";

/** A writer that keeps what is printed. */
export class Captured {
  text = "";
  write(chunk: string): void {
    this.text += chunk;
  }
  /** The printed lines, without the empty string after a final newline. */
  get lines(): string[] {
    return this.text.split("\n").filter((l, i, all) => l !== "" || i < all.length - 1);
  }
}

/** Runs `quantlab ...args` and resolves to the exit code and what went to stdout and stderr. */
export async function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string; lines: string[] }> {
  const stdout = new Captured();
  const stderr = new Captured();
  const code = await main(args, { stdout, stderr });
  return { code, stdout: stdout.text, stderr: stderr.text, lines: stdout.lines };
}
