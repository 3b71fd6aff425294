import { createRequire } from "module";
import * as path from "path";
import { pathToFileURL } from "url";
import { JobSpecError } from "./errors";

/** Which interpreter runs a script, by extension. "tsx" and "node" are this project's Node. */
const BY_EXTENSION: Record<string, string> = {
  ".ts": "tsx",
  ".mts": "tsx",
  ".cts": "tsx",
  ".js": "node",
  ".mjs": "node",
  ".cjs": "node",
  ".py": "python3",
  ".sh": "bash",
};

/** The tsx loader as a file URL, for `node --import`: the project `root`'s, else quantlab's own. */
function tsxLoader(root: string): string {
  for (const base of [root, path.resolve(__dirname, "..", "..")]) {
    try {
      return pathToFileURL(createRequire(path.join(base, "package.json")).resolve("tsx")).href;
    } catch {
      // not installed there
    }
  }
  throw new Error("cannot find tsx, which runs TypeScript job scripts; is quantlab installed (npm ci)?");
}

/**
 * The argv prefix that runs `scriptPath`: the given interpreter, or the one for its extension.
 * TypeScript runs in one Node process with tsx's loader (`node --import tsx`), not through the tsx CLI,
 * which would start a second process.
 * @throws JobSpecError (field 'interpreter') when no interpreter is given and the extension is unknown.
 * @example interpreterCommand("jobs/x.py", null, root) // ["python3"]
 */
export function interpreterCommand(scriptPath: string, given: string[] | null, root: string, job?: string): string[] {
  const [program, ...rest] = given ?? [BY_EXTENSION[path.extname(scriptPath).toLowerCase()]];
  if (program === undefined) {
    throw new JobSpecError(
      "interpreter",
      `JobSpec: 'interpreter' is needed for '${scriptPath}': its extension is not one of ${Object.keys(BY_EXTENSION).join(" ")}`,
      { job },
    );
  }
  if (program === "tsx") return [process.execPath, "--import", tsxLoader(root), ...rest];
  if (program === "node") return [process.execPath, ...rest];
  return [program, ...rest];
}
