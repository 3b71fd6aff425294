import { InvalidDataError } from "../../errors";
import type { LibraryContext } from "../library/context";

/** Each Library's context, so that free functions (asofJoin, concat, cross-library SQL) can run in its file. */
const contexts = new WeakMap<object, LibraryContext>();

/** @internal Called by the Library constructor. */
export function registerContext(library: object, ctx: LibraryContext): void {
  contexts.set(library, ctx);
}

/**
 * The context of a Library object.
 * @throws InvalidDataError when `library` is not a Library (naming what was given instead).
 */
export function contextOf(library: unknown, where: string): LibraryContext {
  const ctx = library !== null && typeof library === "object" ? contexts.get(library) : undefined;
  if (!ctx) throw new InvalidDataError(`${where}: 'library' must be a Library from arctic.getLibrary(), got ${library === null ? "null" : typeof library}`);
  return ctx;
}
