import { InvalidDataError } from "../../errors";

/**
 * Checks that metadata survives JSON exactly: null, booleans, finite numbers, strings, arrays and
 * plain objects, nothing else (no Date, Map, class instance, bigint, function, NaN or cycle).
 * @throws InvalidDataError naming the path of the first value that does not.
 */
export function checkMetadata(metadata: unknown, library: string, symbol: string): void {
  if (metadata === undefined) return;
  const seen = new Set<object>();
  const visit = (value: unknown, at: string): void => {
    const fail = (what: string) =>
      new InvalidDataError(
        `metadata for '${symbol}' is not JSON-serialisable: ${at} is ${what}; use null, booleans, finite numbers, strings, arrays and plain objects`,
        { library, symbol },
      );
    if (value === null || typeof value === "string" || typeof value === "boolean") return;
    if (typeof value === "number") {
      if (!Number.isFinite(value)) throw fail(String(value));
      return;
    }
    if (typeof value !== "object") throw fail(`a ${typeof value}`);
    if (seen.has(value)) throw fail("a circular reference");
    seen.add(value);
    if (Array.isArray(value)) value.forEach((v, i) => visit(v, `${at}[${i}]`));
    else if (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null) {
      for (const [k, v] of Object.entries(value)) {
        if (v === undefined) continue; // dropped, as JSON does; reading gives the same object
        visit(v, `${at}.${k}`);
      }
    } else throw fail(`a ${value.constructor?.name ?? "non-plain object"}`);
    seen.delete(value);
  };
  visit(metadata, "metadata");
}

/** A deep copy of checked metadata (JSON values only), so no caller shares an object with the store's cache. */
export function copyMetadata<T>(metadata: T): T {
  return metadata === undefined ? metadata : (JSON.parse(JSON.stringify(metadata)) as T);
}
