import type { MimeBundle } from "./emit";
import { escapeHtml } from "./tableHtml";

/** One line of a record: a label and its value, already formatted. */
export type RecordEntry = [label: string, value: string];

/**
 * A small record (an object's fields) as a two-column HTML table of labels and values, and as aligned
 * text, under a bold heading. Further bundles (tables) follow it in the same output.
 */
export function recordBundle(heading: string, entries: readonly RecordEntry[], after: readonly MimeBundle[] = []): MimeBundle {
  const width = Math.max(0, ...entries.map(([label]) => label.length));
  const text = [heading, ...entries.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`), ...after.map((b) => b["text/plain"])].join("\n");
  const rows = entries.map(([label, value]) => `<tr><th style="text-align:left">${escapeHtml(label)}</th><td style="text-align:left">${escapeHtml(value)}</td></tr>`).join("");
  const html =
    `<div class="quantlab-record"><p style="font-weight:bold">${escapeHtml(heading)}</p>` +
    (entries.length ? `<table class="dataframe" border="1"><tbody>${rows}</tbody></table>` : "") +
    after.map((b) => String(b["text/html"] ?? `<pre>${escapeHtml(b["text/plain"])}</pre>`)).join("") +
    `</div>`;
  return { "text/plain": text, "text/html": html };
}

/** JSON of a value for one line of a record, cut at `max` characters. */
export function shortJson(value: unknown, max = 300): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > max ? text.slice(0, max - 1) + "…" : text;
}

/** A plain object: made by `{...}` (not an instance of a class, not an array). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object") return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
