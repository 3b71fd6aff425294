import type { Column } from "../../frame";
import { isoTime } from "./isoTime";
import { NO_TIME_BIT } from "./invalidRows";
import type { DuplicateGroup } from "./ValidationReport";

/** What {@link findDuplicates} returns: full counts and the first `maxItems` groups. */
export interface DuplicateFindings {
  groups: DuplicateGroup[];
  /** Rows beyond the first of each timestamp. */
  count: number;
  identical: number;
  conflicting: number;
  /** Number of groups (before truncation). */
  groupCount: number;
}

/**
 * Groups rows sharing a timestamp. `order` is the rows in time order (null when row order is time order);
 * rows without a time are skipped. A group is conflicting when any of its rows differs from its first row in
 * any column (NaN equals NaN, null equals null).
 */
export function findDuplicates(
  t: Float64Array,
  order: Int32Array | null,
  flags: Uint8Array,
  columns: Column[],
  maxItems: number,
): DuplicateFindings {
  const out: DuplicateFindings = { groups: [], count: 0, identical: 0, conflicting: 0, groupCount: 0 };
  const n = order ? order.length : t.length;
  let previous = NaN;
  let group: number[] | null = null;
  const flush = () => {
    if (!group) return;
    const conflicting = group.some((row) => !sameRow(columns, group![0], row));
    const extra = group.length - 1;
    out.count += extra;
    if (conflicting) out.conflicting += extra;
    else out.identical += extra;
    out.groupCount++;
    if (out.groups.length < maxItems) out.groups.push({ timestamp: isoTime(t[group[0]]), rows: group.sort((a, b) => a - b), conflicting });
    group = null;
  };
  let last = -1;
  for (let j = 0; j < n; j++) {
    const i = order ? order[j] : j;
    if (!order && flags[i] & NO_TIME_BIT) continue;
    const ti = t[i];
    if (ti === previous) {
      if (group) group.push(i);
      else group = [last, i];
    } else {
      flush();
      previous = ti;
    }
    last = i;
  }
  flush();
  return out;
}

/** True when rows a and b hold the same value in every column. */
export function sameRow(columns: Column[], a: number, b: number): boolean {
  for (const { values, valid } of columns) {
    const va = valid ? valid[a] : 1;
    const vb = valid ? valid[b] : 1;
    if (va !== vb) return false;
    if (!va) continue;
    const x = values[a];
    const y = values[b];
    if (x !== y && !(x !== x && y !== y)) return false;
  }
  return true;
}
