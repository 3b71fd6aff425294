import { ImportError } from "./ImportError";

/** A CSV file split into cells, column by column, before any typing. */
export interface CsvCells {
  /** Column names from the header, or `column_1`... when there is none. An empty header cell stays "". */
  names: string[];
  /** cells[c][r]: the text of row r in column c (quotes removed, "" unescaped). */
  cells: string[][];
  /** 1-based line in the file where each data row starts (quoted newlines make lines and rows differ). */
  lines: number[];
  delimiter: string;
  header: boolean;
}

/** Options of {@link parseCsv}. */
export interface ParseCsvOptions {
  /** Field separator. @default detected from the first line among `,` `;` tab `|` */
  delimiter?: string;
  /** Whether the first row names the columns. @default detected: yes when no cell of it is a number or a date */
  header?: boolean;
  /** Called now and then with the fraction of the text parsed (0..1), for a progress bar. */
  onProgress?: (fraction: number) => void;
}

const CANDIDATES = [",", ";", "\t", "|"];
const NUMBER = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;
const DATE = /^\d{4}-\d{2}-\d{2}/;

/** The delimiter that appears most often in the first line, outside quotes. */
export function detectDelimiter(firstLine: string): string {
  const unquoted = firstLine.replace(/"[^"]*"/g, "");
  let best = ",";
  let most = 0;
  for (const d of CANDIDATES) {
    const count = unquoted.split(d).length - 1;
    if (count > most) [best, most] = [d, count];
  }
  return best;
}

/**
 * Splits text into rows of cells, RFC 4180: quoted cells may hold delimiters, newlines and "" for a quote.
 * A byte-order mark is skipped, CRLF, LF and CR all end a row, and blank rows are left out. `lines` gives
 * the 1-based line each row starts on (quoted line breaks make rows and lines differ).
 * @throws ImportError BAD_QUOTE naming `file` and the line of a quoted cell that is never closed.
 * @example splitCsvRows('a,b\n"x,1",2\n', ",", "t.csv").rows // [["a", "b"], ["x,1", "2"]]
 */
export function splitCsvRows(text: string, delimiter: string, file: string, onProgress?: (f: number) => void): { rows: string[][]; lines: number[] } {
  const rows: string[][] = [];
  const lines: number[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; // a byte-order mark is not data
  let line = 1;
  let nextReport = 1 << 20;
  const n = text.length;
  while (i < n) {
    const rowLine = line;
    const row: string[] = [];
    for (;;) {
      let cell: string;
      if (text[i] === '"') {
        let j = i + 1;
        let value = "";
        for (;;) {
          const q = text.indexOf('"', j);
          if (q < 0) throw new ImportError(`${file} line ${rowLine}: a quoted cell is never closed; close it with a double quote`, { code: "BAD_QUOTE", file, line: rowLine });
          value += text.slice(j, q);
          if (text[q + 1] === '"') {
            value += '"';
            j = q + 2;
            continue;
          }
          for (let k = i; k < q; k++) if (text.charCodeAt(k) === 10) line++;
          i = q + 1;
          break;
        }
        cell = value;
        // Anything between the closing quote and the delimiter is kept, as most readers do.
        let end = i;
        while (end < n && text[end] !== delimiter && text[end] !== "\n" && text[end] !== "\r") end++;
        cell += text.slice(i, end);
        i = end;
      } else {
        let end = i;
        while (end < n) {
          const c = text[end];
          if (c === delimiter || c === "\n" || c === "\r") break;
          end++;
        }
        cell = text.slice(i, end);
        i = end;
      }
      row.push(cell);
      if (i < n && text[i] === delimiter) {
        i++;
        continue;
      }
      break;
    }
    if (text[i] === "\r") i++;
    if (text[i] === "\n") i++;
    line++;
    if (!(row.length === 1 && row[0] === "")) {
      rows.push(row);
      lines.push(rowLine);
    }
    if (onProgress && i >= nextReport) {
      onProgress(i / n);
      nextReport = i + (1 << 20);
    }
  }
  onProgress?.(1);
  return { rows, lines };
}

const looksLikeData = (cell: string) => NUMBER.test(cell) || DATE.test(cell.trim());

/**
 * Parses CSV text into cells by column: the delimiter and the header row are detected unless given, a
 * byte-order mark and Windows line ends are handled, blank lines are skipped.
 * @throws ImportError RAGGED_ROW naming the line when a row has more or fewer cells than the header;
 *   BAD_QUOTE for a quoted cell never closed; EMPTY for a file without rows.
 */
export function parseCsv(text: string, file: string, options: ParseCsvOptions = {}): CsvCells {
  const firstLine = text.slice(0, Math.max(text.indexOf("\n"), 0) || text.length);
  const delimiter = options.delimiter ?? detectDelimiter(firstLine);
  const { rows, lines } = splitCsvRows(text, delimiter, file, options.onProgress);
  if (rows.length === 0) throw new ImportError(`${file}: the file has no rows`, { code: "EMPTY", file });
  const header = options.header ?? !rows[0].some((cell) => cell.trim() !== "" && looksLikeData(cell));
  const width = rows[0].length;
  const names = header ? rows[0].map((n) => n.trim()) : Array.from({ length: width }, (_, c) => `column_${c + 1}`);
  const first = header ? 1 : 0;
  const cells: string[][] = Array.from({ length: width }, () => new Array<string>(rows.length - first));
  for (let r = first; r < rows.length; r++) {
    const row = rows[r];
    if (row.length !== width) {
      throw new ImportError(`${file} line ${lines[r]}: ${row.length} cells where the ${header ? "header has" : "first row has"} ${width}; check the delimiter ('${delimiter === "\t" ? "\\t" : delimiter}') and quoting on that line`, { code: "RAGGED_ROW", file, line: lines[r] }
      );
    }
    for (let c = 0; c < width; c++) cells[c][r - first] = row[c];
  }
  return { names, cells, lines: lines.slice(first), delimiter, header };
}
