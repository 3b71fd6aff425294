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

/** Outputs whose content depends on when the notebook ran, and how much of it a comparison keeps. */
export interface Volatile {
  /** Picks the outputs (by their text: stream text or text/plain). */
  match: RegExp;
  /**
   * "numbers": every number is masked (and runs of spaces, which align a text table to its numbers'
   * widths, count as one); "content": only the output's kind and MIME types are kept.
   */
  mask: "numbers" | "content";
  /** Why these outputs cannot be the same from run to run. */
  why: string;
}

/** One output as a person sees it, with what legitimately changes between runs masked. */
export interface VisibleOutput {
  cell: number;
  kind: NotebookOutput["kind"];
  mimes: string[];
  text: string;
  html: string;
  plotly: string;
}

const DATE_TIME = /\d{4}-\d\d-\d\d[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?Z?/g;

/**
 * Replaces the date-times that fall inside `window` (epoch ms, the runs' own wall-clock span: write
 * times, run times) by `<time of the run>`. Dates of the data (2024, 2004..2013, ...) stay.
 */
export function maskRunTimes(text: string, window: [number, number]): string {
  return text.replace(DATE_TIME, (s) => {
    const ms = Date.parse(s.includes("T") || s.includes(" ") ? s.replace(" ", "T").replace(/Z?$/, "Z") : s);
    return ms >= window[0] && ms <= window[1] ? "<time of the run>" : s;
  });
}

/** Random ids: a chart's element id, a UUID (a job run's id). */
const RANDOM_IDS: [RegExp, string][] = [
  [/quantlab-plot-[0-9a-f]+/g, "quantlab-plot-<id>"],
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g, "<uuid>"],
];

/**
 * The visible outputs of an executed notebook: stream text, text/plain, text/html and the plotly JSON of
 * each output, with random ids (a chart's element id, UUIDs), the times of the run itself, and the
 * `volatile` outputs masked.
 */
export function visibleOutputs(nb: Notebook, window: [number, number], volatile: Volatile[] = []): VisibleOutput[] {
  const out: VisibleOutput[] = [];
  nb.cells.forEach((cell, i) => {
    for (const o of cell.outputs ?? []) {
      const data = o.data ?? {};
      const kind: NotebookOutput["kind"] = o.output_type === "stream" ? (o.name === "stderr" ? "stderr" : "stdout") : o.output_type === "error" ? "error" : o.output_type === "execute_result" ? "result" : "display";
      const text = o.output_type === "stream" ? joined(o.text) : o.output_type === "error" ? `${o.ename}: ${o.evalue}` : joined(data["text/plain"]);
      const plotlyJson = data["application/vnd.plotly.v1+json"];
      let visible: VisibleOutput = {
        cell: i,
        kind,
        mimes: Object.keys(data).sort(),
        text,
        html: joined(data["text/html"]),
        plotly: plotlyJson === undefined ? "" : JSON.stringify(plotlyJson),
      };
      for (const key of ["text", "html", "plotly"] as const) {
        visible[key] = maskRunTimes(visible[key], window);
        for (const [pattern, mask] of RANDOM_IDS) visible[key] = visible[key].replace(pattern, mask);
      }
      const rule = volatile.find((v) => v.match.test(text));
      if (rule?.mask === "numbers") for (const key of ["text", "html", "plotly"] as const) visible[key] = visible[key].replace(/\d+(\.\d+)?(e[+-]?\d+)?/g, "#").replace(/[ \t]+/g, " ");
      if (rule?.mask === "content") visible = { ...visible, text: "", html: "", plotly: "" };
      out.push(visible);
    }
  });
  return out;
}
