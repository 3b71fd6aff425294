import * as fs from "fs";
import * as path from "path";
import { JobSpecError } from "./errors";

/** A script path checked to lie inside the project's `jobs/` folder. */
export interface ResolvedScript {
  /** As stored: relative to the project root, with '/' separators ("jobs/examples/sample_bars.ts"). */
  relative: string;
  /** The real path of the file, symlinks resolved. */
  absolute: string;
}

const inside = (dir: string, file: string) => {
  const rel = path.relative(dir, file);
  return rel !== "" && !rel.startsWith("..") && !path.isAbsolute(rel);
};

/**
 * Resolves a job's `script` against the project root and makes sure it names a file inside `<root>/jobs`,
 * both as written (no `..` out of it, no absolute path elsewhere) and once symlinks are followed (no link
 * pointing out of it). Checked when a job is registered and again before every run.
 * @throws JobSpecError (field 'script') for a path outside jobs/, a missing file or a folder.
 * @example resolveScript("jobs/examples/sample_bars.ts", "/work/main").absolute
 */
export function resolveScript(script: unknown, root: string, job?: string): ResolvedScript {
  const fail = (message: string) => new JobSpecError(`JobSpec: 'script' ${message}`, { field: "script", job });
  if (typeof script !== "string" || script.trim() === "") throw fail(`must be a path inside jobs/, got ${JSON.stringify(script)}`);
  const jobsDir = path.join(path.resolve(root), "jobs");
  const lexical = path.resolve(root, script);
  if (!inside(jobsDir, lexical)) {
    const hint = !path.isAbsolute(script) && fs.existsSync(path.join(jobsDir, script)) ? ` (did you mean 'jobs/${script}'?)` : "";
    throw fail(`must be a path inside ${jobsDir}, got '${script}'${hint}`);
  }
  let real: string;
  let realJobs: string;
  try {
    realJobs = fs.realpathSync(jobsDir);
    real = fs.realpathSync(lexical);
  } catch {
    throw fail(`names no file: '${script}' does not exist under ${root}`);
  }
  if (!inside(realJobs, real)) throw fail(`'${script}' is a link to '${real}', which is outside ${realJobs}`);
  if (!fs.statSync(real).isFile()) throw fail(`'${script}' is not a file`);
  return { relative: path.relative(path.resolve(root), lexical).split(path.sep).join("/"), absolute: real };
}
