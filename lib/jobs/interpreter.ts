import * as fs from "fs";
import { createRequire } from "module";
import * as path from "path";
import { pathToFileURL } from "url";
import { packageRoot } from "../store";
import { JobError, JobSpecError } from "./errors";

/** The programs a job may run its script with. "tsx" and "node" are this project's Node. */
export const INTERPRETERS = ["tsx", "node", "python3", "bash", "sh"] as const;
export type Interpreter = (typeof INTERPRETERS)[number];

/** Which interpreter runs a script, by extension. */
const BY_EXTENSION: Record<string, Interpreter> = {
  ".ts": "tsx",
  ".mts": "tsx",
  ".cts": "tsx",
  ".js": "node",
  ".mjs": "node",
  ".cjs": "node",
  ".py": "python3",
  ".sh": "bash",
};

/**
 * The options each interpreter may be given: `flags` are whole arguments, `valued` take the next argument,
 * which must match. None of them runs code from outside the script (no `-c`, `-e`, `--require`, `--import`,
 * `-i`, `-W` with a module-named category...).
 */
const NODE = {
  flags: /^(?:--max-old-space-size=\d+|--stack-size=\d+|--enable-source-maps|--no-warnings|--no-deprecation|--trace-warnings|--trace-uncaught|--unhandled-rejections=(?:strict|warn|none|throw|warn-with-error-code))$/,
  valued: {},
};
const OPTIONS: Record<Interpreter, { flags: RegExp; valued: Record<string, RegExp> }> = {
  bash: { flags: /^(?:-[euxvf]+|--norc|--noprofile|--posix)$/, valued: { "-o": /^(?:pipefail|errexit|nounset|xtrace|noglob|posix)$/ } },
  sh: { flags: /^-[euxvf]+$/, valued: { "-o": /^(?:errexit|nounset|xtrace|noglob)$/ } },
  python3: {
    flags: /^-[uBOIEsSq]+$/,
    valued: { "-X": /^(?:utf8(?:=[01])?|dev|faulthandler|warn_default_encoding|importtime|tracemalloc(?:=\d+)?)$/, "-W": /^(?:default|error|ignore|always|module|once)$/ },
  },
  node: NODE,
  tsx: NODE,
};

/**
 * Checks a job's `interpreter`: one of {@link INTERPRETERS} by name (not a path), followed only by options
 * that run no code from outside the job's script, so the rule that a job's code lives in `jobs/` holds.
 * Checked when a job is registered and again before every run.
 * @throws JobSpecError (field 'interpreter') naming the program or option refused.
 * @example checkInterpreter(["python3", "-X", "utf8"]) // fine; ["python3", "-c", "..."] throws
 */
export function checkInterpreter(parts: readonly string[], job?: string): void {
  const fail = (message: string) => new JobSpecError(`JobSpec: 'interpreter' ${message}`, { field: "interpreter", job });
  const [program, ...rest] = parts;
  if (!(INTERPRETERS as readonly string[]).includes(program)) {
    throw fail(`must be one of ${INTERPRETERS.join(", ")} (by name; put other programs' calls in a script in jobs/), got '${program}'`);
  }
  const allowed = OPTIONS[program as Interpreter];
  for (let i = 0; i < rest.length; i++) {
    const option = rest[i];
    if (allowed.flags.test(option)) continue;
    const value = allowed.valued[option];
    if (value && i + 1 < rest.length && value.test(rest[i + 1])) {
      i++;
      continue;
    }
    throw fail(`gives ${program} the option '${option}${value && i + 1 < rest.length ? " " + rest[i + 1] : ""}', which is not allowed: only options that run no code from outside the script are`);
  }
}

/** The tsx loader as a file URL, for `node --import`: the project `root`'s, else quantlab's own. */
function tsxLoader(root: string): string {
  for (const base of [root, packageRoot()]) {
    try {
      return pathToFileURL(createRequire(path.join(base, "package.json")).resolve("tsx")).href;
    } catch {
      // not installed there
    }
  }
  throw new Error("cannot find tsx, which runs TypeScript job scripts; is quantlab installed (npm ci)?");
}

/** The absolute path of `program` on `searchPath` (a PATH value; relative entries are skipped), or null. */
export function findProgram(program: string, searchPath: string | undefined): string | null {
  for (const dir of (searchPath ?? "").split(path.delimiter)) {
    if (!path.isAbsolute(dir)) continue;
    const candidate = path.join(dir, program);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

/**
 * The argv prefix that runs `scriptPath`: the given interpreter, or the one for its extension, checked by
 * {@link checkInterpreter}. TypeScript runs in one Node process with tsx's loader (`node --import tsx`),
 * not through the tsx CLI, which would start a second process. python3, bash and sh are looked up on the
 * PATH of the process running the job (`searchPath`), never on a PATH the job's own env sets.
 * @throws JobSpecError (field 'interpreter') when no interpreter is given and the extension is unknown,
 *   or the interpreter is not allowed; JobError when python3, bash or sh is not on `searchPath`.
 * @example interpreterCommand("jobs/x.py", null, root) // ["/usr/bin/python3"]
 */
export function interpreterCommand(scriptPath: string, given: string[] | null, root: string, job?: string, searchPath = process.env.PATH): string[] {
  const byExtension = BY_EXTENSION[path.extname(scriptPath).toLowerCase()];
  if (given === null && byExtension === undefined) {
    throw new JobSpecError(`JobSpec: 'interpreter' is needed for '${scriptPath}': its extension is not one of ${Object.keys(BY_EXTENSION).join(" ")}`, { field: "interpreter", job }
    );
  }
  const parts = given ?? [byExtension];
  checkInterpreter(parts, job);
  const [program, ...rest] = parts;
  if (program === "tsx") return [process.execPath, "--import", tsxLoader(root), ...rest];
  if (program === "node") return [process.execPath, ...rest];
  const found = findProgram(program, searchPath);
  if (found === null) throw new JobError(`cannot start '${program}': it is not on the PATH of the process running the job (${searchPath ?? "unset"})`, { job });
  return [found, ...rest];
}
