import { InvalidNameError } from "../errors";

/** What a name names, for error messages. */
export type NameKind = "library" | "symbol" | "snapshot" | "column";

/** Longest accepted name, in characters, per kind. Library names become file names, so they are shorter. */
export const MAX_NAME_LENGTH: Record<NameKind, number> = {
  library: 100,
  symbol: 1000,
  snapshot: 1000,
  column: 1000,
};

// Control characters and lone surrogates cannot round-trip through DuckDB's UTF-8 strings.
const FORBIDDEN = /[\u0000-\u001f\u007f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Checks a user-supplied name. Names are data, never SQL: any string that passes is stored exactly
 * as given (quotes, semicolons, spaces, unicode included).
 * @throws InvalidNameError when the name is not a string, is empty, too long, or holds control
 *   characters or unpaired surrogates.
 */
export function checkName(kind: NameKind, name: unknown): string {
  if (typeof name !== "string") {
    throw new InvalidNameError(`${kind} name must be a string, got ${typeof name}`);
  }
  if (name.length === 0) throw new InvalidNameError(`${kind} name must not be empty`);
  const max = MAX_NAME_LENGTH[kind];
  if (name.length > max) {
    throw new InvalidNameError(
      `${kind} name is ${name.length} characters long, at most ${max} are allowed: '${name.slice(0, 40)}...'`,
    );
  }
  const bad = FORBIDDEN.exec(name);
  if (bad) {
    const code = bad[0].charCodeAt(0).toString(16).padStart(4, "0");
    throw new InvalidNameError(
      `${kind} name ${JSON.stringify(name)} holds the character U+${code} at position ${bad.index}; control characters and unpaired surrogates cannot be stored`,
    );
  }
  if (kind === "column" && name === "__proto__") {
    throw new InvalidNameError(`column name "__proto__" cannot be stored: a table could not hold it when read back (it names the prototype of plain objects); rename the column`);
  }
  return name;
}

/**
 * Checks every string of a string column: an unpaired UTF-16 surrogate cannot be stored (DuckDB keeps
 * UTF-8, which would turn it into U+FFFD), so it is refused rather than silently replaced.
 * @returns the first row holding one, or -1.
 */
export function loneSurrogateRow(values: ArrayLike<unknown>): number {
  const wellFormed = (String.prototype as { isWellFormed?: () => boolean }).isWellFormed;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v === "string" && (wellFormed ? !wellFormed.call(v) : LONE_SURROGATE.test(v))) return i;
  }
  return -1;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Maps a library name to a file name stem that is safe on every file system and decodes back
 * exactly: ASCII letters, digits, '-' and '_' stay, everything else becomes %XX of its UTF-8 bytes.
 */
export function encodeFileName(name: string): string {
  let out = "";
  for (const byte of Buffer.from(name, "utf8")) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9_-]/.test(c) ? c : "%" + byte.toString(16).toUpperCase().padStart(2, "0");
  }
  return out;
}

/** Inverse of {@link encodeFileName}; returns null for a stem that is not one of ours. */
export function decodeFileName(stem: string): string | null {
  if (!/^(?:[A-Za-z0-9_-]|%[0-9A-F]{2})+$/.test(stem)) return null;
  const bytes: number[] = [];
  for (let i = 0; i < stem.length; i++) {
    if (stem[i] === "%") {
      bytes.push(parseInt(stem.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(stem.charCodeAt(i));
  }
  return Buffer.from(bytes).toString("utf8");
}

/** Quotes a string as a SQL string literal (for the few places where a literal cannot be a parameter). */
export function sqlString(value: string): string {
  return "'" + value.replace(/'/g, "''") + "'";
}

/** Quotes a string as a SQL identifier. */
export function sqlIdent(value: string): string {
  return '"' + value.replace(/"/g, '""') + '"';
}
