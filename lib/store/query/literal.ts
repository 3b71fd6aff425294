import { InvalidDataError } from "../../errors";
import { timestampSql } from "../library/readRows";

/** A value a query compares with or computes from: what users write in filters and derived columns. */
export type QueryValue = number | bigint | string | boolean | Date | null;

const BIGINT_MIN = -(BigInt(2) ** BigInt(63));
const BIGINT_MAX = BigInt(2) ** BigInt(63) - BigInt(1);

/**
 * The one place user values become SQL text: a literal DuckDB reads back as exactly `value`.
 * - numbers: integers as integer literals (safe integers only), other finite numbers as a DOUBLE cast of
 *   their shortest round-trip text; NaN and ±Infinity as DOUBLE casts of 'NaN' / 'Infinity'
 * - bigint: a BIGINT cast (must fit 64 bits)
 * - strings: single-quoted with quotes doubled (DuckDB string literals have no backslash escapes)
 * - booleans: TRUE / FALSE; null: NULL; Date: a TIMESTAMP from its epoch microseconds
 * @throws InvalidDataError for a string holding a NUL character, an invalid Date, a bigint outside 64
 *   bits, or a value of another type (the message quotes the value).
 * @example sqlLiteral("O'Neil") // "'O''Neil'"
 */
export function sqlLiteral(value: QueryValue): string {
  if (value === null) return "NULL";
  switch (typeof value) {
    case "boolean":
      return value ? "TRUE" : "FALSE";
    case "number":
      if (Number.isNaN(value)) return "CAST('NaN' AS DOUBLE)";
      if (!Number.isFinite(value)) return value > 0 ? "CAST('Infinity' AS DOUBLE)" : "CAST('-Infinity' AS DOUBLE)";
      if (Number.isSafeInteger(value)) return Object.is(value, -0) ? "CAST('-0.0' AS DOUBLE)" : `(${value})`;
      return `CAST('${String(value)}' AS DOUBLE)`;
    case "bigint":
      if (value < BIGINT_MIN || value > BIGINT_MAX) {
        throw new InvalidDataError(`QueryBuilder: the value ${value}n does not fit a 64-bit integer`);
      }
      return `CAST('${value.toString()}' AS BIGINT)`;
    case "string":
      if (value.includes("\u0000")) {
        throw new InvalidDataError(`QueryBuilder: the string ${JSON.stringify(value)} holds a NUL character, which DuckDB strings cannot hold`);
      }
      return "'" + value.replace(/'/g, "''") + "'";
    default:
      if (value instanceof Date) {
        const ms = value.getTime();
        if (Number.isNaN(ms)) throw new InvalidDataError("QueryBuilder: a Date value is invalid (new Date(NaN))");
        return timestampSql(ms * 1000);
      }
      throw new InvalidDataError(`QueryBuilder: cannot use ${describeValue(value)} as a value; use a number, bigint, string, boolean, Date or null`);
  }
}

/** A short description of a value for messages: its JSON text when it has one, else its type. */
export function describeValue(value: unknown): string {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "Invalid Date" : value.toISOString();
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value === "string") return JSON.stringify(value.length > 60 ? value.slice(0, 60) + "..." : value);
  if (typeof value === "number" || typeof value === "boolean" || value === null) return String(value);
  if (value === undefined) return "undefined";
  return `a value of type ${typeof value === "object" ? (value.constructor?.name ?? "object") : typeof value}`;
}
