/**
 * pandas as a reference for quantlab's queries: a long-lived /usr/bin/python3 running
 * test/oracle/query_oracle.py (Debian's pandas 1.5), asked one operation at a time over JSON lines.
 * Floats cross as the hex digits of their IEEE-754 bits, so every bit survives and NaN stays apart
 * from null; timestamps as epoch milliseconds.
 */
import { ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterAll, beforeAll } from "vitest";
import type { Library } from "../../lib/store";
import { useMemoryLibrary } from "../../lib/store/testing";

export type OracleType = "float" | "int" | "string" | "bool" | "timestamp";
export type OracleValue = number | string | boolean | null;
/** A column as the oracle takes and gives it: floats as numbers here, encoded on the way. */
export interface OracleColumn {
  name: string;
  type: OracleType;
  values: OracleValue[];
}

/** The 16 hex digits of a float's IEEE-754 bits (big-endian, as Python's struct.pack(">d")). */
export function floatBits(x: number): string {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  return view.getBigUint64(0).toString(16).padStart(16, "0");
}

/** The float whose IEEE-754 bits are these 16 hex digits. */
export function bitsFloat(hex: string): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt(`0x${hex}`));
  return view.getFloat64(0);
}

const encode = (c: OracleColumn) => ({ ...c, values: c.type === "float" ? c.values.map((v) => (v === null ? null : floatBits(v as number))) : c.values });
const decode = (c: OracleColumn) => ({ ...c, values: c.type === "float" ? c.values.map((v) => (v === null ? null : bitsFloat(v as string))) : c.values });

/** Encodes every column of a request's input (any nested `OracleColumn[]`). */
function encodeInput(input: unknown): unknown {
  if (Array.isArray(input)) return input.map(encodeInput);
  if (input !== null && typeof input === "object") {
    const o = input as Record<string, unknown>;
    if (typeof o.name === "string" && typeof o.type === "string" && Array.isArray(o.values)) return encode(o as unknown as OracleColumn);
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, encodeInput(v)]));
  }
  return input;
}

/** The pandas process; start it once per test file and close it after. */
export class QueryOracle {
  readonly #child: ChildProcessWithoutNullStreams;
  readonly #answers: ((line: string) => void)[] = [];
  #stderr = "";

  private constructor(child: ChildProcessWithoutNullStreams) {
    this.#child = child;
    createInterface({ input: child.stdout }).on("line", (line) => this.#answers.shift()?.(line));
    child.stderr.on("data", (chunk) => (this.#stderr += String(chunk)));
  }

  /** Starts /usr/bin/python3 with the oracle script. */
  static async start(): Promise<QueryOracle> {
    const child = spawn("/usr/bin/python3", [join(__dirname, "query_oracle.py")], { stdio: ["pipe", "pipe", "pipe"] });
    await new Promise<void>((resolve, reject) => {
      child.once("spawn", () => resolve());
      child.once("error", reject);
    });
    return new QueryOracle(child);
  }

  /** pandas' answer to `op` ("groupby", "asof") over `input`; throws with pandas' error when it fails. */
  async run(op: string, input: unknown): Promise<OracleColumn[]> {
    const line = await new Promise<string>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`query oracle exited (${code}): ${this.#stderr}`));
      this.#child.once("exit", onExit);
      this.#answers.push((answer) => {
        this.#child.off("exit", onExit);
        resolve(answer);
      });
      this.#child.stdin.write(JSON.stringify({ op, input: encodeInput(input) }) + "\n");
    });
    const answer = JSON.parse(line) as { ok: boolean; error?: string; result?: { columns: OracleColumn[] } };
    if (!answer.ok) throw new Error(`pandas failed on ${op}: ${answer.error}`);
    return answer.result!.columns.map(decode);
  }

  /** Ends the process and waits for it to exit. */
  async close(): Promise<void> {
    if (this.#child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.#child.once("exit", resolve));
    this.#child.stdin.end();
    await exited;
  }
}

/** Rows of named values from oracle columns. */
export function oracleRows(columns: OracleColumn[]): Record<string, OracleValue>[] {
  const n = columns[0]?.values.length ?? 0;
  return Array.from({ length: n }, (_, i) => Object.fromEntries(columns.map((c) => [c.name, c.values[i]])));
}

/**
 * For one test file: an in-memory library named "oracle" and one pandas process, opened before its tests
 * and closed after them; `bind` receives them.
 * @example let lib: Library; let pandas: QueryOracle; useQueryOracle((env) => ({ lib, pandas } = env));
 */
export function useQueryOracle(bind: (env: { lib: Library; pandas: QueryOracle }) => void): void {
  let pandas: QueryOracle | undefined;
  beforeAll(async () => {
    pandas = await QueryOracle.start();
  });
  afterAll(async () => {
    await pandas?.close();
  });
  useMemoryLibrary(({ lib }) => bind({ lib, pandas: pandas! }), { name: "oracle", shared: true });
}
