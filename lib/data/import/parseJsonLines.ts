import { ImportError } from "./ImportError";

/** Rows of a JSON lines file (one object per line) or of a JSON array of objects, with their lines. */
export function parseJsonLines(text: string, file: string): { rows: Record<string, unknown>[]; lines: number[] } {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trimStart().startsWith("[")) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch (cause) {
      throw new ImportError(`${file}: not valid JSON (${(cause as Error).message})`, { code: "BAD_JSON", file, cause });
    }
    const rows = parsed as unknown[];
    rows.forEach((row, i) => {
      if (row === null || typeof row !== "object" || Array.isArray(row)) throw new ImportError(`${file}: element ${i} of the array is not an object`, { code: "BAD_JSON", file });
    });
    return { rows: rows as Record<string, unknown>[], lines: rows.map((_, i) => i + 1) };
  }
  const rows: Record<string, unknown>[] = [];
  const lines: number[] = [];
  const split = body.split(/\r?\n/);
  split.forEach((raw, i) => {
    if (raw.trim() === "") return;
    let row: unknown;
    try {
      row = JSON.parse(raw);
    } catch (cause) {
      throw new ImportError(`${file} line ${i + 1}: not valid JSON (${(cause as Error).message}); each line must hold one object`, { code: "BAD_JSON", file, line: i + 1, cause });
    }
    if (row === null || typeof row !== "object" || Array.isArray(row)) {
      throw new ImportError(`${file} line ${i + 1}: a JSON ${Array.isArray(row) ? "array" : typeof row} where an object is expected`, { code: "BAD_JSON", file, line: i + 1 });
    }
    rows.push(row as Record<string, unknown>);
    lines.push(i + 1);
  });
  if (rows.length === 0) throw new ImportError(`${file}: the file has no rows`, { code: "EMPTY", file });
  return { rows, lines };
}
