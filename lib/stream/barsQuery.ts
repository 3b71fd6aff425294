import { StreamError } from "./StreamError";

/** Which bars a range query asks for. */
export interface BarsQuery {
  /** Only the last `count` bars (after start/end). @default all */
  count?: number;
  /** First bar start included (epoch ms, Date or ISO string). @default open */
  start?: number | Date | string;
  /** Last bar start included. @default open */
  end?: number | Date | string;
}

/** A query bound in epoch ms; NaN when not given. @throws StreamError INVALID_OPTION for something that is not a time. */
export const toMs = (value: number | Date | string | undefined, name: string, who = "BarManager"): number => {
  if (value === undefined) return NaN;
  const ms = typeof value === "number" ? value : value instanceof Date ? value.getTime() : Date.parse(value);
  if (!Number.isFinite(ms)) throw new StreamError(`${who}: '${name}' must be a time (epoch ms, Date or ISO string), got ${JSON.stringify(value)}`, { code: "INVALID_OPTION" });
  return ms;
};

