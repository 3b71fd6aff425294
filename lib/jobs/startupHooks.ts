/** Variables whose value names a file an interpreter runs before the script: bash's and sh's, Python's. */
export const STARTUP_HOOK_VARIABLES = ["BASH_ENV", "ENV", "PYTHONSTARTUP"] as const;

/** NODE_OPTIONS entries that load code before the script (a module, a loader, an import). */
const NODE_HOOK = /^["']?(?:-r|--require|--import|--loader|--experimental-loader)(?:[=\s"']|$)/;

/**
 * Why setting `name` to `value` in a script's environment would run code from outside the job's script,
 * or null when it would not: BASH_ENV, ENV and PYTHONSTARTUP whatever their value, NODE_OPTIONS when it
 * carries --require/-r, --import, --loader or --experimental-loader. Other variables pass.
 * @example startupHook("NODE_OPTIONS", "--max-old-space-size=4096") // null
 */
export function startupHook(name: string, value: string | undefined): string | null {
  if ((STARTUP_HOOK_VARIABLES as readonly string[]).includes(name)) return `'${name}' makes the interpreter run another file before the script`;
  if (name === "NODE_OPTIONS" && value !== undefined) {
    const hook = value.split(/\s+/).find((option) => NODE_HOOK.test(option));
    if (hook !== undefined) return `'NODE_OPTIONS' holds '${hook}', which makes Node load code before the script`;
  }
  return null;
}
