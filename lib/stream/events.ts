import type { OhlcvBar } from "../market";
import type { RejectReason, Tick } from "./Tick";

/** One live bar: lib/market's OHLCV bar over [timestamp, end), labelled by its start, prices from ticks by exchange time. */
export interface Bar extends OhlcvBar {
  /** Start of the bar (epoch ms); for tick-count and volume bars, its first tick's time. */
  timestamp: number;
  /** End of the bar (exclusive); for tick-count and volume bars, its latest tick's time. */
  end: number;
  /** Ticks in the bar (0 for an empty bar). */
  ticks: number;
}

/** Payload of the `bar` event: a bar that has closed, emitted exactly once per bar. */
export interface BarEvent {
  symbol: string;
  timeframe: string;
  bar: Bar;
  /** True for a flagged empty bar (no ticks in its period, flat at the previous close). */
  empty: boolean;
  /** True when a late tick made this bar after later bars existed (it is still emitted once). */
  late: boolean;
}

/** Payload of the `update` event: the bar a tick went into. */
export interface UpdateEvent {
  symbol: string;
  timeframe: string;
  bar: Bar;
  /** True when a late tick changed a bar that had already been emitted as closed. */
  reopened: boolean;
}

/** Payload of the `reject` event: a tick refused by validation, or dropped as too late. */
export interface RejectEvent {
  reason: RejectReason | "late";
  tick: Tick;
}

/** Payload of the `spillError` event: an append to the store failed; the batch is retried later. */
export interface SpillErrorEvent {
  symbol: string;
  timeframe: string;
  storeSymbol: string;
  bars: number;
  error: unknown;
}

/** Events of a BarManager and their payloads. */
export interface BarManagerEvents {
  bar: [BarEvent];
  update: [UpdateEvent];
  reject: [RejectEvent];
  spillError: [SpillErrorEvent];
}

/** What `stats()` reports. Counters run from the manager's creation. */
export interface BarManagerStats {
  /** Wall-clock ms since the manager was created (by its `now` option). */
  uptimeMs: number;
  /** Accepted ticks per second of uptime (the average since creation). */
  ticksPerSecond: number;
  /** Share of received ticks that did not go into bars: (all rejections + late.dropped) / received; 0 before any tick. */
  errorRate: number;
  /**
   * 0 to 100: `round(100 × (1 − errorRate) × f)`, f = 1 when health() is "ok" or "idle", 0.5 when
   * "degraded" (the store refuses bars), 0 when "stale" or "closed".
   */
  healthScore: number;
  /**
   * Tick-to-event latency in ms over the last 1024 eventful ticks (a tick that opened, closed or
   * re-opened a bar, or any tick while `update` is listened to): from the tick passing validation to its
   * last event delivered (listeners' own time included). Measured only
   * while someone listens to `bar` or `update`; p50/p99 are nearest-rank, NaN without samples.
   */
  latencyMs: { p50: number; p99: number; samples: number };
  /** Ticks given to ingest. */
  received: number;
  /** Ticks that went into bars. */
  accepted: number;
  /** Ticks rejected by validation, per reason. */
  rejected: Record<RejectReason, number>;
  /** Moves beyond maxDeviation accepted as a new price level after `jumpConfirmTicks` agreeing ticks. */
  levelsAccepted: number;
  late: {
    /** Late ticks within the grace window that changed an already closed bar. */
    reopened: number;
    /** Ticks older than the grace window, dropped before reaching any bar. */
    dropped: number;
    /** Per-timeframe drops: the tick's bar had left memory or was already in the store. */
    droppedFromSeries: number;
  };
  /**
   * Heartbeats given to heartbeat() (by a piped feed or directly; advanceTime is not checked): accepted, and rejected because they
   * were not finite or ran more than `maxClockSkewMs` ahead of the manager's exchange clock (or
   * `maxFutureMs` ahead of the wall clock).
   */
  heartbeats: { accepted: number; rejected: number };
  /** `bar` events emitted (closed bars, including empty ones). */
  barsEmitted: number;
  emptyBars: number;
  emptyGapsSkipped: number;
  symbols: number;
  series: number;
  /** Bars held in memory, over all series. */
  barsInMemory: number;
  /** Bytes held by the ring buffers and the batches waiting for the store, measured from the arrays. */
  memoryBytes: number;
  /** Per timeframe label, over all symbols: bars and bytes in memory, bars written to the store and waiting for it. */
  timeframes: Record<string, { barsInMemory: number; memoryBytes: number; barsWritten: number; barsPending: number }>;
  spill: { barsWritten: number; batchesWritten: number; barsPending: number; errors: number; barsLost: number };
}

/** What `health()` reports. */
export interface BarManagerHealth {
  /** "ok"; "stale" when no tick came for `staleAfterMs` or the piped feed is stale/disconnected; "degraded" when the store refuses bars; "idle" before the first tick; "closed" after close(). */
  status: "ok" | "idle" | "stale" | "degraded" | "closed";
  /** Wall-clock time of the last accepted tick (epoch ms), NaN before the first. */
  lastTickAt: number;
  /** Exchange timestamp of the newest accepted tick over all symbols, NaN before the first. */
  lastTickTimestamp: number;
  /** Wall-clock ms since the last accepted tick. */
  silentForMs: number;
  /** The piped feed's health, when a feed is piped into this manager. */
  feed?: FeedHealthLike;
  /** The last store error message, when spilling failed. */
  lastSpillError?: string;
}

/** The part of a feed's health the manager reports (see Feed.health()). */
export interface FeedHealthLike {
  status: string;
  [key: string]: unknown;
}
