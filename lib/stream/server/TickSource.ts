import type { Tick } from "../Tick";

/** Where a feed server's trades come from. Pulled on every send interval with the wall clock. */
export interface TickSource {
  /** Appends to `out` the trades due by wall time `wallNow`, in time order. */
  pull(wallNow: number, out: Tick[]): void;
  /** The exchange clock at wall time `wallNow` (sent in heartbeats). */
  clock(wallNow: number): number;
  /** True once a finite source has sent everything. */
  readonly done: boolean;
}
