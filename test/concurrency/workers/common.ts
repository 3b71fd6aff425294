/**
 * Shared by the concurrency/crash worker scripts and the tests that check their logs: checksums of
 * tables, an append-only JSON-lines log written synchronously, and argument parsing.
 */
import * as fs from "fs";

/** What a version's data is summarised as: enough to tell any two of our generated tables apart. */
export interface Checksum {
  rows: number;
  /** Sum of the integer-valued column `v` (exact in float64 for our sizes). */
  sum: number;
  /** First and last index value (epoch ms) or first/last `v` for row-indexed data; null when empty. */
  first: number | null;
  last: number | null;
  /** Order-sensitive 32-bit hash over every row's key columns. */
  hash: number;
}

/** Incremental order-sensitive hash (FNV-1a style over 32-bit words). */
export function hashStep(h: number, x: number): number {
  // Split x into two 32-bit words so values above 2^32 (timestamps in ms) still count fully.
  const lo = x >>> 0;
  const hi = Math.floor(x / 4294967296) >>> 0;
  h = Math.imul(h ^ lo, 16777619) >>> 0;
  h = Math.imul(h ^ hi, 16777619) >>> 0;
  return h;
}

export const HASH_SEED = 2166136261;

/** Checksum of columns given as arrays (`keys` are the columns hashed per row, in order). */
export function checksumOf(index: ArrayLike<number> | null, v: ArrayLike<number>, keys: ArrayLike<number>[]): Checksum {
  const rows = v.length;
  let sum = 0;
  let hash = HASH_SEED;
  for (let i = 0; i < rows; i++) {
    sum += Number(v[i]);
    for (const k of keys) hash = hashStep(hash, Number(k[i]));
  }
  const edge = index ?? v;
  return {
    rows,
    sum,
    first: rows ? Number(edge[0]) : null,
    last: rows ? Number(edge[rows - 1]) : null,
    hash,
  };
}

export function sameChecksum(a: Checksum, b: Checksum): boolean {
  return a.rows === b.rows && a.sum === b.sum && a.first === b.first && a.last === b.last && a.hash === b.hash;
}

/** Minimal view of an arquero Table that we need (avoids importing arquero types here). */
export interface TableLike {
  numRows(): number;
  array(name: string): ArrayLike<unknown>;
  columnNames(): string[];
}

export function nums(table: TableLike, name: string): number[] {
  return Array.from(table.array(name) as ArrayLike<unknown>, (x) => Number(x));
}

/** Checksum of a time-indexed table with columns timestamp, v (ints as float), n (int). */
export function checksumTimeTable(table: TableLike): Checksum {
  const ts = nums(table, "timestamp");
  const v = nums(table, "v");
  return checksumOf(ts, v, [ts, v]);
}

/** Checksum of a row-indexed table of appends: columns writer, seq, v. */
export function checksumShared(table: TableLike): Checksum {
  const w = nums(table, "writer");
  const s = nums(table, "seq");
  const v = nums(table, "v");
  return checksumOf(null, v, [w, s]);
}

/** A JSON-lines log whose every line is on disk (in the kernel) before `write` returns. */
export class SyncLog {
  private readonly fd: number;
  constructor(file: string, private readonly fsync = false) {
    this.fd = fs.openSync(file, "a");
  }
  write(entry: object): void {
    fs.writeSync(this.fd, JSON.stringify(entry) + "\n");
    if (this.fsync) fs.fsyncSync(this.fd);
  }
  close(): void {
    fs.closeSync(this.fd);
  }
}

/** Reads a JSON-lines file; a torn last line (a kill in the middle of a write) is ignored. */
export function readLog<T = Record<string, unknown>>(file: string): T[] {
  if (!fs.existsSync(file)) return [];
  const out: T[] = [];
  const lines = fs.readFileSync(file, "utf8").split("\n");
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    try {
      out.push(JSON.parse(line) as T);
    } catch (error) {
      if (i < lines.length - 1 && lines.slice(i + 1).some((l) => l.trim())) throw error;
    }
  });
  return out;
}

/** `--name value` arguments. */
export function args(): Record<string, string> {
  const out: Record<string, string> = {};
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i += 2) out[argv[i].replace(/^--/, "")] = argv[i + 1];
  return out;
}

/** A small seeded PRNG: the library's own. */
export { seededRandom as rng } from "../../../lib/data";

export function describeError(error: unknown): { name: string; code?: string; message: string } {
  const e = error as { name?: string; code?: string; message?: string; constructor?: { name?: string } };
  return { name: e?.constructor?.name ?? e?.name ?? "unknown", code: e?.code, message: String(e?.message ?? error) };
}
