/** Where a command prints: anything with `write(text)`, such as process.stdout or a test's buffer. */
export interface Writer {
  write(text: string): unknown;
  /** True for a terminal (process.stdout when not redirected): text meant for files is then escaped. */
  isTTY?: boolean;
}

/** The two streams a command prints to. Tests pass buffers; the `quantlab` binary passes process.stdout/stderr. */
export interface CliIo {
  stdout: Writer;
  stderr: Writer;
}

/** Writes `text` followed by a newline. */
export function println(writer: Writer, text = ""): void {
  writer.write(text + "\n");
}
