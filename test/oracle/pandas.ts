/**
 * pandas as a test oracle: Debian's pandas 1.5 (`/usr/bin/python3`) in one long-lived child process,
 * asked for an operation by name ("rolling.mean", "ewm.mean", or an area's own such as "backtest.rsi")
 * on float64 series, answering with the exact float64 bits pandas computes. See pandas_oracle.py for the
 * wire format and the operations; an area adds operations with a Python file of its own (`plugins`).
 *
 * @example
 * const pandas = await PandasOracle.open();
 * const { value } = await pandas.call("rolling.mean", { x: prices }, { window: 10 });
 * expect(firstBitDifference(sma(prices, 10), value)).toBeNull();
 * await pandas.close();
 */
import { spawn, type ChildProcessWithoutNullStreams } from "child_process";
import * as path from "path";
import * as readline from "readline";

/** Debian's python3, which has python3-pandas (the python3 on PATH may not). */
export const PANDAS_PYTHON = "/usr/bin/python3";
const SCRIPT = path.join(__dirname, "pandas_oracle.py");

/** Options of {@link PandasOracle.open}. */
export interface PandasOracleOptions {
  /** Python files adding operations (each defines `OPS = {"<area>.<name>": fn}`). @default [] */
  plugins?: string[];
}

type Pending = { resolve: (reply: Reply) => void; reject: (error: Error) => void };
type Reply = { ok: boolean; result?: Record<string, string[]>; error?: string };

export class PandasOracle {
  readonly #child: ChildProcessWithoutNullStreams;
  readonly #pending: Pending[] = [];
  #stderr = "";
  #exited: Error | null = null;
  /** The pandas version answering (Debian bookworm: 1.5.3). */
  readonly pandasVersion: string;

  private constructor(child: ChildProcessWithoutNullStreams, lines: readline.Interface, version: string) {
    this.#child = child;
    this.pandasVersion = version;
    lines.on("line", (line) => this.#pending.shift()?.resolve(JSON.parse(line) as Reply));
  }

  /** Starts the oracle and waits until pandas is imported. */
  static async open(options: PandasOracleOptions = {}): Promise<PandasOracle> {
    const child = spawn(PANDAS_PYTHON, [SCRIPT, ...(options.plugins ?? [])], { stdio: ["pipe", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const lines = readline.createInterface({ input: child.stdout });
    const version = await new Promise<string>((resolve, reject) => {
      const fail = (why: string) => reject(new Error(`pandas oracle: ${PANDAS_PYTHON} ${SCRIPT} ${why}; stderr: ${stderr.trim()}`));
      child.once("error", (error) => fail(`could not start (${error.message})`));
      child.once("exit", (code) => fail(`exited with code ${code} before it was ready`));
      lines.once("line", (line) => resolve((JSON.parse(line) as { pandas: string }).pandas));
    });
    child.removeAllListeners("exit");
    child.removeAllListeners("error");
    const oracle = new PandasOracle(child, lines, version);
    oracle.#stderr = stderr;
    child.stderr.on("data", (chunk: Buffer) => (oracle.#stderr += chunk.toString()));
    child.once("exit", (code) => {
      oracle.#exited = new Error(`pandas oracle exited with code ${code}; stderr: ${oracle.#stderr.trim()}`);
      for (const p of oracle.#pending.splice(0)) p.reject(oracle.#exited);
    });
    return oracle;
  }

  /**
   * Runs one operation on the given series (every bit sent as is) and returns each output series.
   * A single output comes back as `value`.
   * @throws Error naming the operation when pandas fails or the oracle has exited.
   */
  async call(op: string, series: Record<string, ArrayLike<number>>, params: Record<string, unknown> = {}): Promise<Record<string, Float64Array>> {
    if (this.#exited) throw this.#exited;
    const request = { op, params, series: Object.fromEntries(Object.entries(series).map(([name, values]) => [name, toHex(values)])) };
    const reply = await new Promise<Reply>((resolve, reject) => {
      this.#pending.push({ resolve, reject });
      this.#child.stdin.write(`${JSON.stringify(request)}\n`);
    });
    if (!reply.ok) throw new Error(`pandas oracle: ${op} ${JSON.stringify(params)} failed: ${reply.error}`);
    return Object.fromEntries(Object.entries(reply.result!).map(([name, hex]) => [name, fromHex(hex)]));
  }

  /** Ends the child process and waits for it to exit. */
  async close(): Promise<void> {
    if (this.#exited) return;
    const exited = new Promise<void>((resolve) => this.#child.once("exit", () => resolve()));
    this.#child.stdin.end();
    await exited;
  }
}

const scratch = new DataView(new ArrayBuffer(8));

/** The 16 hex digits of a float64's bits (big-endian). */
export function bitsOf(x: number): string {
  scratch.setFloat64(0, x);
  return scratch.getBigUint64(0).toString(16).padStart(16, "0");
}

function toHex(values: ArrayLike<number>): string[] {
  return Array.from(values, (v) => bitsOf(v));
}

function fromHex(hex: string[]): Float64Array {
  const out = new Float64Array(hex.length);
  hex.forEach((h, i) => {
    scratch.setBigUint64(0, BigInt(`0x${h}`));
    out[i] = scratch.getFloat64(0);
  });
  return out;
}

/**
 * Null when both series have the same length and the same float64 bits everywhere (any NaN matches
 * any NaN; -0 differs from 0); otherwise a description of the first difference.
 */
export function firstBitDifference(actual: ArrayLike<number>, expected: ArrayLike<number>): string | null {
  if (actual.length !== expected.length) return `length ${actual.length}, expected ${expected.length}`;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i];
    const e = expected[i];
    if (Number.isNaN(a) && Number.isNaN(e)) continue;
    if (!Object.is(a, e)) return `index ${i}: ${a} (0x${bitsOf(a)}), pandas ${e} (0x${bitsOf(e)})`;
  }
  return null;
}
