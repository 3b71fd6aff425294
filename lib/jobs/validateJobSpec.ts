import { validateDetailed } from "node-cron";
import { JobSpecError } from "./errors";
import { checkInterpreter, interpreterCommand } from "./interpreter";
import { JOB_DEFAULTS, JOB_FIELDS, JobConfig, JobMode, JobOutputFormat, MAX_OUTPUT_BYTES, MAX_TIMER_MS } from "./JobSpec";
import { resolveScript } from "./scriptPath";
import { checkTimezone } from "../market";
import { startupHook } from "./startupHooks";

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const MODES: readonly JobMode[] = ["write", "append", "update"];
const FORMATS: readonly JobOutputFormat[] = ["auto", "csv", "jsonl", "json", "parquet"];
const CONTROL = /[\u0000-\u001f\u007f]/;

const show = (value: unknown) => (typeof value === "string" ? `'${value}'` : JSON.stringify(value) ?? String(value));

/**
 * Checks a job spec field by field and fills in the defaults of {@link JOB_DEFAULTS}. The script must be a
 * file inside `<root>/jobs` (see {@link resolveScript}); the cron expression is checked by node-cron
 * (5 fields, or 6 with seconds first, or a nickname such as "@daily"), the timezone against the IANA
 * database. Unknown fields are refused, so a misspelt option never goes silently unused.
 * @param root the project root: scripts resolve against it and must lie in its `jobs/` folder.
 * @returns the complete configuration the registry stores.
 * @throws JobSpecError naming the field: "JobSpec: 'timezone' must be an IANA name ..., got 'EST5'".
 * @example validateJobSpec({ name: "bars", script: "jobs/examples/sample_bars.ts", library: "market_data", symbol: "SAMPLE" }, root)
 */
export function validateJobSpec(input: unknown, root: string): JobConfig {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw new JobSpecError(`JobSpec: a job spec must be an object, got ${show(input)}`, { field: "spec" });
  }
  const spec = input as Record<string, unknown>;
  const job = typeof spec.name === "string" ? spec.name : undefined;
  const fail = (field: string, message: string) => new JobSpecError(`JobSpec: '${field}' ${message}`, { field, job });
  for (const key of Object.keys(spec)) {
    if (!(JOB_FIELDS as readonly string[]).includes(key)) throw fail(key, `is not a job spec field; the fields are ${JOB_FIELDS.join(", ")}`);
  }
  const get = <K extends keyof typeof JOB_DEFAULTS>(field: K): unknown => (spec[field] === undefined ? JOB_DEFAULTS[field] : spec[field]);

  const text = (field: string, value: unknown): string => {
    if (typeof value !== "string" || value === "" || CONTROL.test(value)) {
      throw fail(field, `must be a non-empty string without control characters, got ${show(value)}`);
    }
    return value;
  };
  const whole = (field: string, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER, why = ""): number => {
    if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min || value > max) {
      const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `from ${min} to ${max}${why}`;
      throw fail(field, `must be a whole number ${range}, got ${show(value)}`);
    }
    return value;
  };
  const delay = (field: string, min: number) => whole(field, get(field as keyof typeof JOB_DEFAULTS), min, MAX_TIMER_MS, " (about 24.8 days, the longest timer Node keeps)");
  const flag = (field: string, value: unknown): boolean => {
    if (typeof value !== "boolean") throw fail(field, `must be true or false, got ${show(value)}`);
    return value;
  };
  const oneOf = <T extends string>(field: string, value: unknown, allowed: readonly T[]): T => {
    if (!allowed.includes(value as T)) throw fail(field, `must be one of ${allowed.map((a) => `"${a}"`).join(", ")}, got ${show(value)}`);
    return value as T;
  };

  if (typeof spec.name !== "string" || !NAME.test(spec.name)) {
    throw fail("name", `must be 1-64 letters, digits, '_', '.' or '-', starting with a letter or digit, got ${show(spec.name)}`);
  }
  const script = resolveScript(spec.script, root, job).relative;

  let interpreter: string[] | null = null;
  const given = get("interpreter");
  if (given !== null) {
    const parts = typeof given === "string" ? [given] : given;
    if (!Array.isArray(parts) || parts.length === 0 || parts.some((p) => typeof p !== "string" || p === "" || CONTROL.test(p))) {
      throw fail("interpreter", `must be a command or a non-empty array of non-empty strings, got ${show(given)}`);
    }
    interpreter = parts as string[];
    checkInterpreter(interpreter, job);
  } else {
    interpreterCommand(script, null, root, job); // throws when the extension names no interpreter
  }

  let cron: string | null = null;
  const cronInput = get("cron");
  if (cronInput !== null) {
    if (typeof cronInput !== "string") throw fail("cron", `must be a cron expression or null, got ${show(cronInput)}`);
    const check = validateDetailed(cronInput.trim());
    if (!check.valid) {
      const why = check.errors.map((e) => (e.field === "expression" ? e.message : `${e.field}: ${e.message}`)).join("; ");
      throw fail("cron", `must be a cron expression of 5 fields (or 6 with seconds first), got '${cronInput}': ${why}`);
    }
    cron = cronInput.trim().replace(/\s+/g, " ");
  }

  const timezoneInput = get("timezone");
  if (typeof timezoneInput !== "string") throw fail("timezone", `must be an IANA name such as "America/New_York", got ${show(timezoneInput)}`);
  let timezone: string;
  try {
    timezone = checkTimezone(timezoneInput);
  } catch (error) {
    throw fail("timezone", (error as Error).message);
  }

  const args = get("args");
  if (!Array.isArray(args) || args.some((a) => typeof a !== "string")) throw fail("args", `must be an array of strings, got ${show(args)}`);

  const envInput = get("env");
  if (typeof envInput !== "object" || envInput === null || Array.isArray(envInput)) throw fail("env", `must be an object of strings, got ${show(envInput)}`);
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(envInput)) {
    if (!ENV_NAME.test(key)) throw fail("env", `holds '${key}', which is not an environment variable name`);
    if (key.startsWith("QUANTLAB_")) throw fail("env", `must not set '${key}': the runner sets the QUANTLAB_* variables`);
    if (typeof value !== "string") throw fail("env", `'${key}' must be a string, got ${show(value)}`);
    const hook = startupHook(key, value);
    if (hook) throw fail("env", `must not set ${hook}; a job's code lives in its script in jobs/`);
    env[key] = value;
  }

  const inheritEnv = get("inheritEnv");
  if (!Array.isArray(inheritEnv)) throw fail("inheritEnv", `must be an array of variable names, got ${show(inheritEnv)}`);
  for (const name of inheritEnv) {
    if (typeof name !== "string" || !ENV_NAME.test(name)) throw fail("inheritEnv", `holds ${show(name)}, which is not an environment variable name`);
    if (name.startsWith("QUANTLAB_")) throw fail("inheritEnv", `must not name '${name}': the runner sets the QUANTLAB_* variables`);
    const hook = startupHook(name, undefined);
    if (hook) throw fail("inheritEnv", `must not name ${hook}; a job's code lives in its script in jobs/`);
  }

  const retryDelayMs = delay("retryDelayMs", 0);
  const retryMaxDelayMs = delay("retryMaxDelayMs", 0);
  if (retryMaxDelayMs < retryDelayMs) throw fail("retryMaxDelayMs", `must be >= retryDelayMs (${retryDelayMs}), got ${retryMaxDelayMs}`);

  const description = get("description");
  if (typeof description !== "string") throw fail("description", `must be a string, got ${show(description)}`);

  return {
    name: spec.name,
    script,
    interpreter,
    cron,
    timezone,
    library: text("library", spec.library),
    symbol: text("symbol", spec.symbol),
    mode: oneOf("mode", get("mode"), MODES),
    args: [...(args as string[])],
    env,
    inheritEnv: [...(inheritEnv as string[])],
    timeoutMs: delay("timeoutMs", 1),
    killGraceMs: delay("killGraceMs", 0),
    retries: whole("retries", get("retries"), 0),
    retryDelayMs,
    retryMaxDelayMs,
    maxOutputBytes: whole("maxOutputBytes", get("maxOutputBytes"), 1, MAX_OUTPUT_BYTES, " (500 MiB)"),
    format: oneOf("format", get("format"), FORMATS),
    allowSchemaChange: flag("allowSchemaChange", get("allowSchemaChange")),
    enabled: flag("enabled", get("enabled")),
    description,
  };
}
