import { parseJsonLines } from "../../data";

/**
 * Parses JSON output: JSON lines (one object per line, a row each), a JSON array of row objects, or one
 * object of column arrays ({"timestamp": [...], "close": [...]}). Blank lines are ignored. The `timestamp`
 * column may hold ISO strings or epoch milliseconds; other strings stay strings.
 * @returns row objects or an object of column arrays, as the store accepts them.
 * @throws ImportError BAD_JSON naming the line that is not JSON or not an object (lib/data's JSON lines reader).
 * @example parseJson('{"timestamp":"2024-01-02","close":1}\n{"timestamp":"2024-01-03","close":2}')
 */
export function parseJson(text: string): Record<string, unknown>[] | Record<string, unknown[]> {
  const trimmed = text.trim();
  if (trimmed.startsWith("[") || (trimmed.startsWith("{") && !/^\{.*\}$/m.test(trimmed.split("\n", 1)[0]))) {
    return fromValue(parseWhole(trimmed));
  }
  const { rows } = parseJsonLines(text, "output");
  if (rows.length === 1 && Object.values(rows[0]).length > 0 && Object.values(rows[0]).every(Array.isArray)) return rows[0] as Record<string, unknown[]>;
  return rows;
}

function parseWhole(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`not JSON: ${(error as Error).message}`);
  }
}

function fromValue(value: unknown): Record<string, unknown>[] | Record<string, unknown[]> {
  if (Array.isArray(value)) {
    value.forEach((row, i) => {
      if (typeof row !== "object" || row === null || Array.isArray(row)) throw new Error(`element ${i} of the JSON array is not an object (one row each)`);
    });
    return value as Record<string, unknown>[];
  }
  if (typeof value === "object" && value !== null && Object.values(value).every(Array.isArray)) return value as Record<string, unknown[]>;
  throw new Error("a JSON document must be an array of row objects or an object of column arrays");
}
