/**
 * The "quantlab (TypeScript)" Jupyter kernel spec: tslab started from the project root by
 * kernel/launch.js. By default it is written inside the project (`.jupyter/kernels/quantlab`), and the
 * project's Jupyter commands find it through JUPYTER_PATH; nothing touches the user's own Jupyter
 * unless `user: true` is asked for.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/** The project root (the folder holding package.json). */
export const PROJECT_ROOT = path.resolve(__dirname, "..");

/** The kernel's name, as notebooks' metadata name it. */
export const KERNEL_NAME = "quantlab";

/** The name Jupyter shows in its kernel menu. */
export const KERNEL_DISPLAY_NAME = "quantlab (TypeScript)";

/** The project-local Jupyter data folder; put it on JUPYTER_PATH to see the kernel. */
export const PROJECT_JUPYTER_PATH = path.join(PROJECT_ROOT, ".jupyter");

/** Options of {@link installKernelSpec}. */
export interface KernelSpecOptions {
  /**
   * Install into the user's Jupyter data folder (`~/.local/share/jupyter` on Linux,
   * `~/Library/Jupyter` on macOS, `%APPDATA%\jupyter` on Windows) instead of the project.
   * @default false
   */
  user?: boolean;
  /** The node binary the kernel runs with. @default the node running this call */
  node?: string;
}

/** The user's Jupyter data folder on this platform. */
export function userJupyterPath(): string {
  if (process.platform === "darwin") return path.join(os.homedir(), "Library", "Jupyter");
  if (process.platform === "win32") return path.join(process.env.APPDATA ?? os.homedir(), "jupyter");
  return path.join(process.env.XDG_DATA_HOME ?? path.join(os.homedir(), ".local", "share"), "jupyter");
}

/** The kernel.json contents: node runs kernel/launch.js with the connection file Jupyter gives. */
export function kernelSpec(node: string = process.execPath): object {
  return {
    argv: [node, path.join(PROJECT_ROOT, "kernel", "launch.js"), "{connection_file}"],
    display_name: KERNEL_DISPLAY_NAME,
    language: "typescript",
    interrupt_mode: "signal",
    metadata: { quantlab: { root: PROJECT_ROOT } },
  };
}

/**
 * Writes the kernel spec (kernel.json) and returns its folder. Rewriting it is harmless,
 * so `npm start` does it on every start (the project may have moved, or node changed).
 * @example installKernelSpec(); // -> <project>/.jupyter/kernels/quantlab
 */
export function installKernelSpec(options: KernelSpecOptions = {}): string {
  const base = options.user ? userJupyterPath() : PROJECT_JUPYTER_PATH;
  const dir = path.join(base, "kernels", KERNEL_NAME);
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, "kernel.json");
  const text = JSON.stringify(kernelSpec(options.node), null, 2) + "\n";
  if (fs.existsSync(file) && fs.readFileSync(file, "utf8") === text) return dir;
  // Written aside and renamed, so a Jupyter starting a kernel meanwhile never reads half a file.
  const aside = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(aside, text);
  fs.renameSync(aside, file);
  return dir;
}

/** The environment for Jupyter commands run by quantlab: the project's Jupyter path first. */
export function jupyterEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const existing = env.JUPYTER_PATH ? [env.JUPYTER_PATH] : [];
  return { ...env, JUPYTER_PATH: [PROJECT_JUPYTER_PATH, ...existing].join(path.delimiter) };
}
