import * as fs from "fs";

/** The parts of an .ipynb the tests read. */
export interface Notebook {
  metadata: { kernelspec?: { name?: string } };
  cells: { cell_type: string; source: string | string[]; outputs?: RawOutput[] }[];
}

interface RawOutput {
  output_type: string;
  name?: string;
  text?: string | string[];
  data?: Record<string, unknown>;
  ename?: string;
  evalue?: string;
}

/** One output of an executed notebook, flattened. */
export interface NotebookOutput {
  cell: number;
  kind: "stdout" | "stderr" | "display" | "result" | "error";
  mimes: string[];
  /** Stream text, or a display's text/plain. */
  text: string;
  /** A display's text/html, else "". */
  html: string;
}

const joined = (v: unknown) => (Array.isArray(v) ? v.join("") : typeof v === "string" ? v : "");

export function readNotebook(file: string): Notebook {
  return JSON.parse(fs.readFileSync(file, "utf8")) as Notebook;
}

/** Every output of every cell, in order. */
export function outputsOf(nb: Notebook): NotebookOutput[] {
  const out: NotebookOutput[] = [];
  nb.cells.forEach((cell, i) => {
    for (const o of cell.outputs ?? []) {
      if (o.output_type === "stream") out.push({ cell: i, kind: o.name === "stderr" ? "stderr" : "stdout", mimes: [], text: joined(o.text), html: "" });
      else if (o.output_type === "error") out.push({ cell: i, kind: "error", mimes: [], text: `${o.ename}: ${o.evalue}`, html: "" });
      else {
        const data = o.data ?? {};
        out.push({ cell: i, kind: o.output_type === "execute_result" ? "result" : "display", mimes: Object.keys(data), text: joined(data["text/plain"]), html: joined(data["text/html"]) });
      }
    }
  });
  return out;
}
