import { Table } from "../frame";
import { MalformedRegistryError } from "./errors";
import { VersionedItem } from "../store";
import { JOB_DEFAULTS, Job, JobConfig } from "./JobSpec";

/** What a configuration version did, kept in its metadata and its `action` column. */
export type JobChange = "add" | "update" | "enable" | "disable" | "remove";

/** The symbol that holds a job's configuration versions in the `jobs` library. */
export const specSymbol = (name: string) => `job:${name}`;

/**
 * A job's configuration as the one-row table of a version: one column per field, lists and maps as JSON
 * text, no nulls (cron "" when there is none), plus `action` and `removed`.
 */
export function encodeSpec(config: JobConfig, action: JobChange): Record<string, unknown[]> {
  return {
    name: [config.name],
    script: [config.script],
    interpreter: [JSON.stringify(config.interpreter)],
    cron: [config.cron ?? ""],
    timezone: [config.timezone],
    library: [config.library],
    symbol: [config.symbol],
    mode: [config.mode],
    args: [JSON.stringify(config.args)],
    env: [JSON.stringify(config.env)],
    inheritEnv: [JSON.stringify(config.inheritEnv)],
    timeoutMs: [config.timeoutMs],
    killGraceMs: [config.killGraceMs],
    retries: [config.retries],
    retryDelayMs: [config.retryDelayMs],
    retryMaxDelayMs: [config.retryMaxDelayMs],
    maxOutputBytes: [config.maxOutputBytes],
    format: [config.format],
    allowSchemaChange: [config.allowSchemaChange],
    enabled: [config.enabled],
    description: [config.description],
    action: [action],
    removed: [action === "remove"],
  };
}

/**
 * The job in a configuration version read from the store, and whether that version removed it.
 * @throws MalformedRegistryError naming the symbol and version when it is not a configuration this registry wrote.
 */
export function decodeSpec(item: VersionedItem<Table>): { job: Job; removed: boolean; action: JobChange } {
  try {
    return decodeColumns(item);
  } catch (cause) {
    throw new MalformedRegistryError(
      `JobRegistry: '${item.symbol}' version ${item.version} in library '${item.library}' is not a job configuration: ${(cause as Error).message}`,
      { symbol: item.symbol, version: item.version, job: item.symbol.replace(/^job:/, ""), cause },
    );
  }
}

function decodeColumns(item: VersionedItem<Table>): { job: Job; removed: boolean; action: JobChange } {
  const t = item.data;
  const at = (name: string) => {
    if (!t.columnNames().includes(name)) throw new Error(`it has no column '${name}'`);
    return (t.array(name) as ArrayLike<unknown>)[0];
  };
  const text = (name: string) => String(at(name));
  const job: Job = {
    name: text("name"),
    script: text("script"),
    interpreter: JSON.parse(text("interpreter")),
    cron: text("cron") === "" ? null : text("cron"),
    timezone: text("timezone"),
    library: text("library"),
    symbol: text("symbol"),
    mode: text("mode") as Job["mode"],
    args: JSON.parse(text("args")),
    env: JSON.parse(text("env")),
    // Configurations stored before inheritEnv existed have no column for it.
    inheritEnv: t.columnNames().includes("inheritEnv") ? JSON.parse(text("inheritEnv")) : [],
    timeoutMs: Number(at("timeoutMs")),
    killGraceMs: Number(at("killGraceMs")),
    retries: Number(at("retries")),
    retryDelayMs: Number(at("retryDelayMs")),
    retryMaxDelayMs: Number(at("retryMaxDelayMs")),
    // Likewise maxOutputBytes.
    maxOutputBytes: t.columnNames().includes("maxOutputBytes") ? Number(at("maxOutputBytes")) : JOB_DEFAULTS.maxOutputBytes,
    format: text("format") as Job["format"],
    allowSchemaChange: Boolean(at("allowSchemaChange")),
    enabled: Boolean(at("enabled")),
    description: text("description"),
    version: item.version,
    updatedAt: item.timestamp,
  };
  return { job, removed: Boolean(at("removed")), action: text("action") as JobChange };
}
