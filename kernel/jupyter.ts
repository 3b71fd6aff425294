/**
 * Finding Jupyter, and setting it up where that can be done unattended. quantlab needs a Python with
 * `notebook`, `nbconvert` and `nbclient`; on these machines `python3` on PATH may be a Python without
 * them while Debian's Jupyter runs under /usr/bin/python3, so each candidate is asked directly.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { plotlyFile, plotlyServedPath } from "../lib/display";
import { KERNEL_NAME, PROJECT_JUPYTER_PATH } from "./kernelSpec";

/** A Python that can run Jupyter's notebook server and execute notebooks. */
export interface JupyterPython {
  python: string;
}

/** What quantlab imports from Jupyter's Python. */
const REQUIRED_MODULES = ["notebook", "nbconvert", "nbclient", "nbformat"];

/** The apt packages that provide them on Debian and Ubuntu. */
export const APT_PACKAGES = ["jupyter-notebook", "jupyter-nbconvert"];

function which(command: string): string | null {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    const file = path.join(dir, command);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return file;
    } catch {
      // not in this folder
    }
  }
  return null;
}

/** The interpreter named on the first line of a script (`#!/usr/bin/python3`), if any. */
function shebangPython(script: string | null): string | null {
  if (!script) return null;
  try {
    const first = fs.readFileSync(script, "utf8").split("\n", 1)[0];
    const match = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(first);
    if (!match) return null;
    return match[1].endsWith("/env") ? match[2] ?? null : match[1];
  } catch {
    return null;
  }
}

function hasModules(python: string): boolean {
  const result = spawnSync(python, ["-c", `import ${REQUIRED_MODULES.join(", ")}`], { stdio: "ignore", timeout: 30_000 });
  return result.status === 0;
}

/** Candidate Pythons, most likely first: the one running `jupyter`, Debian's, then python3 on PATH. */
export function candidatePythons(): string[] {
  const list = [process.env.QUANTLAB_JUPYTER_PYTHON, shebangPython(which("jupyter")), "/usr/bin/python3", which("python3"), which("python")];
  return [...new Set(list.filter((p): p is string => !!p))];
}

/**
 * The first Python that has Jupyter's notebook server and nbconvert, or null.
 * `$QUANTLAB_JUPYTER_PYTHON` is tried first when set.
 */
export function findJupyter(): JupyterPython | null {
  for (const python of candidatePythons()) if (hasModules(python)) return { python };
  return null;
}

/** What to run by hand when quantlab cannot set Jupyter up itself. */
export function jupyterInstructions(): string {
  return [
    "quantlab needs Jupyter (notebook, nbconvert, nbclient) and could not find or install it.",
    "Install it, then run `npm start` again:",
    `  Debian/Ubuntu:  sudo apt-get install -y --no-install-recommends ${APT_PACKAGES.join(" ")}`,
    "  elsewhere:      python3 -m pip install --user notebook nbconvert nbclient",
    "If Jupyter is installed under another Python, name it: QUANTLAB_JUPYTER_PYTHON=/path/to/python npm start",
  ].join("\n");
}

function run(command: string, args: string[], log: (line: string) => void): boolean {
  log(`$ ${[command, ...args].join(" ")}`);
  const result = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
  return result.status === 0;
}

/**
 * Finds Jupyter, or installs it where that needs nobody at the keyboard: with apt-get when this is
 * Debian/Ubuntu and we are root, else with `pip install --user` (which works where PyPI is reachable).
 * Returns null when neither worked; the caller prints {@link jupyterInstructions}.
 */
export function ensureJupyter(log: (line: string) => void = (l) => process.stderr.write(l + "\n")): JupyterPython | null {
  const found = findJupyter();
  if (found) return found;
  log("Jupyter was not found; setting it up.");
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (process.platform === "linux" && fs.existsSync("/etc/debian_version") && isRoot && which("apt-get")) {
    if (run("apt-get", ["update"], log) && run("apt-get", ["install", "-y", "--no-install-recommends", ...APT_PACKAGES], log)) {
      const installed = findJupyter();
      if (installed) return installed;
    }
  }
  const python = which("python3") ?? which("python");
  if (python && run(python, ["-m", "pip", "install", "--user", "--disable-pip-version-check", "notebook", "nbconvert", "nbclient"], log)) {
    return findJupyter();
  }
  return null;
}

/** Options of {@link notebookServerArgs}. */
export interface NotebookServerOptions {
  /** The folder the server shows (and where new notebooks go). */
  notebookDir: string;
  /** More arguments for Jupyter, e.g. `--no-browser`, `--port=8899`. @default none */
  extra?: string[];
}

/**
 * The arguments after `python` that start the classic Notebook server the way `npm start` does: on
 * 127.0.0.1, in `notebookDir`, with the quantlab kernel as the default, and `--allow-root` when running
 * as root (Jupyter refuses root unless told; containers and CI machines often are root).
 */
export function notebookServerArgs(options: NotebookServerOptions): string[] {
  const args = ["-m", "notebook", `--notebook-dir=${options.notebookDir}`, "--ip=127.0.0.1", `--MultiKernelManager.default_kernel_name=${KERNEL_NAME}`, ...(options.extra ?? [])];
  if (typeof process.getuid === "function" && process.getuid() === 0 && !args.includes("--allow-root")) args.push("--allow-root");
  return args;
}

/**
 * Puts plotly.js (from the npm package) where a Jupyter server with the project's JUPYTER_PATH serves it:
 * `<jupyterPath>/nbextensions/quantlab/plotly-<version>.min.js`, at the server's
 * `nbextensions/quantlab/...` URL. Every chart output loads it from there when its page has no plotly.js
 * (after a reload, in a reopened notebook), so no output has to carry the 4.8 MB itself. Nothing needs
 * enabling: the file only has to be on the path. Copies only when missing or different in size; returns
 * the file.
 * @param jupyterPath a Jupyter data folder. @default the project's .jupyter/ (on JUPYTER_PATH in {@link jupyterEnv})
 */
export function installPlotlyExtension(jupyterPath: string = PROJECT_JUPYTER_PATH): string {
  const { file } = plotlyFile();
  const target = path.join(jupyterPath, ...plotlyServedPath().split("/"));
  const size = fs.statSync(file).size;
  if (!fs.existsSync(target) || fs.statSync(target).size !== size) {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const partial = `${target}.${process.pid}.tmp`;
    fs.copyFileSync(file, partial);
    fs.renameSync(partial, target);
  }
  return target;
}
