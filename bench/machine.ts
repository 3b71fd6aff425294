/** The machine a run happened on, for RESULTS.md. */
import * as fs from "fs";
import * as os from "os";
import { duckdbVersion } from "./raw";

export interface Machine {
  cpu: string;
  cores: number;
  ramGiB: number;
  node: string;
  duckdb: string;
  nodeApi: string;
  os: string;
  date: string;
}

function cpuModel(): string {
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(fs.readFileSync("/proc/cpuinfo", "utf8"));
    if (m) return m[1].trim();
  } catch {
    // not Linux
  }
  return os.cpus()[0]?.model ?? "unknown";
}

function packageVersion(name: string): string {
  try {
    return JSON.parse(fs.readFileSync(require.resolve(`${name}/package.json`), "utf8")).version;
  } catch {
    return "unknown";
  }
}

export function machine(): Machine {
  return {
    cpu: cpuModel(),
    cores: os.cpus().length,
    ramGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    duckdb: duckdbVersion(),
    nodeApi: packageVersion("@duckdb/node-api"),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    date: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
  };
}

export function machineLine(m: Machine): string {
  return `${m.cpu}, ${m.cores} cores, ${m.ramGiB} GiB RAM, Node ${m.node}, DuckDB ${m.duckdb} (@duckdb/node-api ${m.nodeApi}), ${m.os}`;
}
