import { Frame, Table, TimestampArray, toTable } from "../../frame";

/**
 * An arquero Table of a normalised frame, as the store would return it: Float64Array / TimestampArray
 * columns where there are no nulls, plain arrays with nulls where there are.
 */
export function frameTable(frame: Frame): Table {
  return toTable(
    frame.columns.map((c) => {
      let values: ArrayLike<unknown> = c.values;
      if (c.type === "timestamp" && c.values instanceof Float64Array) values = c.values instanceof TimestampArray ? c.values : TimestampArray.from(c.values);
      if (c.type === "bool") values = Array.from(c.values as Uint8Array, (v) => v === 1);
      if (c.valid) {
        const valid = c.valid;
        const plain = Array.from(values as ArrayLike<unknown>);
        values = plain.map((v, i) => (!valid[i] ? null : c.type === "timestamp" ? new Date(v as number) : v));
      }
      return [c.name, values];
    }),
  );
}
