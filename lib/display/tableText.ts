import { TablePreview, typeLabel } from "./tablePreview";

/** A plain-text table with aligned columns, a type line under the names, and the shape below. */
export function tableText(preview: TablePreview, title?: string): string {
  const header = ["", ...preview.columns.map((c) => c.name)];
  const types = ["", ...preview.columns.map(typeLabel)];
  const lines = preview.rows.map((row) => (row === null ? ["…", ...preview.columns.map(() => "…")] : [String(row.index), ...row.cells.map((c) => c ?? "null")]));
  const grid = [header, types, ...lines];
  const widths = header.map((_, c) => Math.max(...grid.map((r) => r[c].length)));
  const numeric = ["int", ...preview.columns.map((c) => c.type)].map((t) => t === "int" || t === "float" || t === "duration");
  const render = (r: string[]) => r.map((cell, c) => (numeric[c] ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join("  ").trimEnd();
  const out = grid.map(render);
  if (title) out.unshift(title);
  out.push(`${preview.rowCount.toLocaleString("en-US")} rows × ${preview.columns.length} columns`);
  return out.join("\n");
}
