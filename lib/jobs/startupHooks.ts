/**
 * Why each variable that runs code from outside a job's script is refused, by name:
 * - files an interpreter runs before the script: bash's and sh's BASH_ENV and ENV, Python's PYTHONSTARTUP;
 * - libraries the dynamic loader puts into any program, whatever its language: LD_PRELOAD, LD_AUDIT;
 * - places an interpreter takes its own code from first, so a module there shadows the real one
 *   (`sitecustomize`, `site`, even `json`): PYTHONPATH, PYTHONHOME, PYTHONUSERBASE (whose `usercustomize`
 *   runs at start-up), and LD_LIBRARY_PATH for the interpreter's shared libraries.
 */
const HOOK_REASONS: Readonly<Record<string, string>> = {
  BASH_ENV: "makes the interpreter run another file before the script",
  ENV: "makes the interpreter run another file before the script",
  PYTHONSTARTUP: "makes the interpreter run another file before the script",
  LD_PRELOAD: "makes the dynamic loader put a library's code into the interpreter before the script",
  LD_AUDIT: "makes the dynamic loader put a library's code into the interpreter before the script",
  LD_LIBRARY_PATH: "makes the interpreter load its shared libraries from elsewhere, which can replace its own code",
  PYTHONPATH: "puts modules ahead of Python's own, so one named sitecustomize (or any module the script imports) runs instead",
  PYTHONHOME: "makes Python take its standard library, site.py included, from elsewhere",
  PYTHONUSERBASE: "makes Python take user site-packages from elsewhere, whose usercustomize runs before the script",
};

/** Variables refused whatever their value: each makes the interpreter run, or find, code that is not the job's script. */
export const STARTUP_HOOK_VARIABLES = Object.keys(HOOK_REASONS) as readonly string[];

/** NODE_OPTIONS entries that load code before the script (a module, a loader, an import). */
const NODE_HOOK = /^["']?(?:-r|--require|--import|--loader|--experimental-loader)(?:[=\s"']|$)/;

/**
 * Why setting `name` to `value` in a script's environment would run code from outside the job's script,
 * or null when it would not: the {@link STARTUP_HOOK_VARIABLES} (BASH_ENV, ENV, PYTHONSTARTUP, LD_PRELOAD,
 * LD_AUDIT, LD_LIBRARY_PATH, PYTHONPATH, PYTHONHOME, PYTHONUSERBASE) whatever their value, NODE_OPTIONS
 * when it carries --require/-r, --import, --loader or --experimental-loader. Other variables pass.
 * @example startupHook("NODE_OPTIONS", "--max-old-space-size=4096") // null
 * @example startupHook("PYTHONPATH", "/tmp/lib") // "'PYTHONPATH' puts modules ahead of Python's own, ..."
 */
export function startupHook(name: string, value: string | undefined): string | null {
  if (Object.prototype.hasOwnProperty.call(HOOK_REASONS, name)) return `'${name}' ${HOOK_REASONS[name]}`;
  if (name === "NODE_OPTIONS" && value !== undefined) {
    const hook = value.split(/\s+/).find((option) => NODE_HOOK.test(option));
    if (hook !== undefined) return `'NODE_OPTIONS' holds '${hook}', which makes Node load code before the script`;
  }
  return null;
}
