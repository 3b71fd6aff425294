/**
 * What a notebook shows for a cell's last expression, as IPython's `_repr_mimebundle_`: the quantlab
 * kernel (kernel/tslabPatch.ts) asks {@link displayBundle} for the value's representations and sends
 * them as the cell's result (`Out[n]`, an `execute_result`); a value without one prints as text, as
 * before. A value gets a representation in one of three ways, tried in this order:
 * 1. its own method under the key {@link DISPLAY} (`Symbol.for("quantlab.display")`);
 * 2. a kind registered with {@link registerDisplay} (areas above lib/display register theirs: backtest
 *    statistics and results, bar manager stats);
 * 3. a kind lib/display knows: an arquero Table, a plotly Figure, a store read or write result
 *    (VersionedItem), getDescription's SymbolDescription, listVersions' list, a ValidationReport.
 */
import { BUILTIN_DISPLAYS } from "./builtinDisplays";
import type { MimeBundle } from "./emit";

/** The key of the method by which an object gives its own notebook representation. */
export const DISPLAY: unique symbol = Symbol.for("quantlab.display");

/** An object that gives its own notebook representation. */
export interface Displayable {
  [DISPLAY](): MimeBundle;
}

/** A kind of value and its representation. */
export interface DisplayKind {
  /** What the kind is, for messages and to replace an earlier registration of the same name. */
  name: string;
  /** Whether `value` is of this kind. It must be cheap and must not throw. */
  matches(value: unknown): boolean;
  /** The representations of a value of this kind (`text/plain` required), or undefined to print it as text. */
  bundle(value: unknown): MimeBundle | undefined;
}

const registered: DisplayKind[] = [];

/**
 * Gives values of a kind a notebook representation. A kind registered again under the same name
 * replaces the earlier one; registered kinds are tried before lib/display's own.
 * @example registerDisplay({ name: "quote", matches: isQuote, bundle: (q) => ({ "text/plain": String(q) }) });
 */
export function registerDisplay(kind: DisplayKind): void {
  const at = registered.findIndex((k) => k.name === kind.name);
  if (at >= 0) registered[at] = kind;
  else registered.push(kind);
}

/**
 * The representations a notebook shows for `value` as a cell's result, or undefined when it has none
 * (it then prints as text). See the top of this file for the order in which they are looked up.
 * @throws whatever the representation throws: the kernel then prints the value as text, with the error.
 */
export function displayBundle(value: unknown): MimeBundle | undefined {
  if (value === null || (typeof value !== "object" && typeof value !== "function")) return undefined;
  const own = (value as Partial<Displayable>)[DISPLAY];
  if (typeof own === "function") return own.call(value);
  for (const kind of registered) if (kind.matches(value)) return kind.bundle(value);
  for (const kind of BUILTIN_DISPLAYS) if (kind.matches(value)) return kind.bundle(value);
  return undefined;
}

/** Where the kernel finds {@link displayBundle}: a global slot, so tslab's code needs no import of lib/. */
export const KERNEL_DISPLAY_HOOK: unique symbol = Symbol.for("quantlab.displayBundle");

(globalThis as Record<symbol, unknown>)[KERNEL_DISPLAY_HOOK] = displayBundle;
