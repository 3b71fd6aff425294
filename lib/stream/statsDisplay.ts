/** A BarManager's `stats()` shows as a cell's result in a notebook (see lib/display's registerDisplay). */
import { displayKind, recordBundle, registerDisplay, type RecordEntry } from "../display";
import type { BarManagerStats } from "./events";

/** What BarManager.stats() returns. */
export function isBarManagerStats(value: unknown): value is BarManagerStats {
  const v = value as Record<string, unknown> | null;
  return typeof v === "object" && v !== null && typeof v.received === "number" && typeof v.accepted === "number" && typeof v.barsInMemory === "number" && typeof v.rejected === "object" && typeof v.spill === "object";
}

/** Every counter, nested ones as `spill.barsWritten`, with thousands separators. */
function entries(value: object, prefix = ""): RecordEntry[] {
  const out: RecordEntry[] = [];
  for (const [key, v] of Object.entries(value)) {
    if (typeof v === "object" && v !== null) out.push(...entries(v, `${prefix}${key}.`));
    else out.push([`${prefix}${key}`, typeof v === "number" ? v.toLocaleString("en-US") : String(v)]);
  }
  return out;
}

registerDisplay(displayKind("bar manager stats", isBarManagerStats, (stats) => recordBundle("Bar manager stats", entries(stats))));
