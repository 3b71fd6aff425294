import type { ColumnType } from "./types";

/**
 * What a column's values mean when the array alone does not say it: one of the store's column types
 * (an int column can come back as a Float64Array), or `duration`, milliseconds of elapsed time.
 */
export type ColumnKind = ColumnType | "duration";

const kinds = new WeakMap<object, ColumnKind>();

/**
 * Records what the values of `values` mean, for displays: the store tags the arrays it returns with
 * their stored type, the backtester its durations. The array itself is returned, unchanged and uncopied;
 * the tag lives as long as the array does, and a copy (an arquero filter, `slice`) has none.
 * @example toTable([["hold", tagColumnKind(durationsMs, "duration")]]);
 */
export function tagColumnKind<T extends ArrayLike<unknown>>(values: T, kind: ColumnKind): T {
  if (typeof values === "object" && values !== null) kinds.set(values, kind);
  return values;
}

/** The kind {@link tagColumnKind} recorded for this very array, or undefined. */
export function columnKindOf(values: ArrayLike<unknown>): ColumnKind | undefined {
  return typeof values === "object" && values !== null ? kinds.get(values) : undefined;
}
