import { TablePreview, typeLabel } from "./tablePreview";

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string);
}

const NUMERIC = new Set(["float", "int", "duration"]);

/** An HTML table: column names with their types beneath, the row index, nulls dimmed, and the shape below. */
export function tableHtml(preview: TablePreview, title?: string): string {
  const align = (type: string) => (NUMERIC.has(type) ? ' style="text-align:right"' : "");
  const head = preview.columns.map((c) => `<th${align(c.type)}>${escapeHtml(c.name)}<br><span style="font-weight:normal;color:#888">${escapeHtml(typeLabel(c))}</span></th>`);
  const body = preview.rows.map((row) =>
    row === null
      ? `<tr><th>…</th>${preview.columns.map(() => "<td>…</td>").join("")}</tr>`
      : `<tr><th style="color:#888">${row.index}</th>${row.cells
          .map((cell, c) => (cell === null ? `<td${align(preview.columns[c].type)}><span style="color:#aaa">null</span></td>` : `<td${align(preview.columns[c].type)}>${escapeHtml(cell)}</td>`))
          .join("")}</tr>`,
  );
  const caption = title ? `<caption style="caption-side:top;text-align:left;font-weight:bold">${escapeHtml(title)}</caption>` : "";
  return [
    `<div class="quantlab-table">`,
    `<table class="dataframe" border="1">${caption}<thead><tr><th></th>${head.join("")}</tr></thead><tbody>${body.join("")}</tbody></table>`,
    `<p style="color:#666">${preview.rowCount.toLocaleString("en-US")} rows × ${preview.columns.length} columns</p>`,
    `</div>`,
  ].join("");
}
