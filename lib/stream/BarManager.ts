import { EventEmitter } from "events";
import { performance } from "perf_hooks";
import type { Table } from "../frame";
import { parseTimeframe, type Calendar } from "../market";
import { seedPlan, seedSymbol, type SeedOptions } from "./seedSession";
import * as aggregate from "./aggregate";
import { F, FLAG_EMPTY, FLAG_LATE } from "./BarRing";
import type { BarManagerOptions, ResolvedOptions } from "./BarManagerOptions";
import { resolveOptions } from "./BarManagerOptions";
import { backfillSeries } from "./backfill";
import { barsTable, ringColumns, sliceColumns } from "./barsTable";
import { BarsQuery, toMs } from "./barsQuery";
import { makeBucketer } from "./buckets";
import * as tickChecks from "./checkTick";
import type { Bar, BarManagerEvents, BarManagerHealth, BarManagerStats, FeedHealthLike } from "./events";
import { readBarsSeamless } from "./readBars";
import { Series } from "./Series";
import { barAt, priceRangeOf, volumeStatsOf, type PriceRange, type VolumeStats } from "./ringQueries";
import { SessionIndex } from "./SessionIndex";
import { armFastPath, newSymbolState, type SymbolState } from "./SymbolState";
import { copyOut, drain, type DrainHooks } from "./spill";
import { collectStats, newCounters, type Counters } from "./stats";
import { StreamError } from "./StreamError";
import { REJECT_REASONS, Reject, type Tick } from "./Tick";

// Module-level copies of what ingest uses on every tick: through esbuild's CommonJS output (tsx,
// vitest) an imported binding is a getter call on each use; a local const is a plain load.
const { addCountTick, addTimeTick, updateBar, DROPPED, INSERTED, REOPENED, UPDATED } = aggregate;
const { checkTick } = tickChecks;
const REJECT_NONE = Reject.None;
const REJECT_OUTSIDE_SESSION = Reject.OutsideSession;
const REJECT_MALFORMED = Reject.Malformed;
const REJECT_JUMP = Reject.Jump;
const REJECT_SYMBOL_LIMIT = Reject.SymbolLimit;
/** Tick-to-event latencies kept for stats() percentiles (the most recent ones). */
const LATENCY_SAMPLES = 1024;

/**
 * Live bars for many symbols and timeframes at once, built from ticks by exchange time.
 *
 * Each symbol × timeframe keeps its bars in typed-array ring buffers (at most `maxBarsInMemory`); ingest
 * allocates nothing per tick unless someone listens to `update`. A bar covers [start, start + timeframe)
 * and is labelled by its start; every timeframe is built from the ticks directly (never from smaller
 * bars). Events: `bar` once per closed bar, `update` for the bar a tick went into (`reopened: true` when a
 * late tick changed a closed bar), `reject` for refused ticks, `spillError` when the store refuses bars.
 * Bars spill to `store` as `<symbol>.<timeframe>` in batches; {@link readBars} reads across store and
 * memory. `close()` writes the closed bars still pending and releases everything.
 * @example
 * const bars = new BarManager({ timeframes: ["1s", "1m"] });
 * bars.on("bar", (e) => console.log(e.symbol, e.timeframe, e.bar.close));
 * bars.ingest({ symbol: "BTCUSD", timestamp: Date.parse("2024-05-01T12:00:00.250Z"), price: 64000, size: 0.1 });
 * bars.getBars("BTCUSD", "1m"); // Table timestamp, open, high, low, close, volume
 * await bars.close();
 */
export class BarManager extends EventEmitter {
  readonly #o: ResolvedOptions;
  readonly #sessions: SessionIndex | undefined;
  readonly #symbols = new Map<string, SymbolState>();
  /** Counters since creation (plain numbers: exact up to 2^53, far beyond any feed's lifetime). */
  readonly #n: Counters = newCounters();
  readonly #drainHooks: DrainHooks;
  #lastSpillError: string | undefined;
  #lastTickAt = NaN;
  #lastTickTimestamp = NaN;
  #nowCache = 0;
  #clockTs = -Infinity;
  /** Newest accepted heartbeat (exchange time). */
  #heartbeatTs = -Infinity;
  readonly #createdAt: number;
  #closed = false;
  #feedHealth: (() => FeedHealthLike) | undefined;
  /** Whether anyone listens to `update`, kept current by the emitter's own listener events (read per tick). */
  #hasUpdateListener = false;
  /** Whether anyone listens to `bar` or `update`: only then is the tick-to-event latency measured. */
  #timing = false;
  /** The last LATENCY_SAMPLES tick-to-event latencies (ms), a ring; #latencyCount counts all samples. */
  readonly #latency = new Float64Array(LATENCY_SAMPLES);
  #latencyCount = 0;

  /**
   * @param options see {@link BarManagerOptions}; only `timeframes` is required.
   * @throws StreamError `INVALID_OPTION` / `INVALID_TIMEFRAME` for a bad option, naming it and quoting the value.
   */
  constructor(options: BarManagerOptions) {
    super();
    this.#o = resolveOptions(options);
    this.#createdAt = this.#o.now();
    this.#sessions = this.#o.calendar ? new SessionIndex(this.#o.calendar) : undefined;
    super.on("newListener", (event: string | symbol) => {
      if (event === "update") this.#hasUpdateListener = true;
      if (event === "update" || event === "bar") this.#timing = true;
    });
    super.on("removeListener", (event: string | symbol) => {
      if (event === "update") this.#hasUpdateListener = this.listenerCount("update") > 0;
      if (event === "update" || event === "bar") this.#timing = this.listenerCount("update") + this.listenerCount("bar") > 0;
    });
    for (const tf of this.#o.timeframes) if (tf.kind !== "ticks" && tf.kind !== "volume") makeBucketer(tf, this.#sessions);
    this.#drainHooks = {
      written: (_s, batch) => {
        this.#n.barsWritten += batch.toSeq - batch.fromSeq;
        const label = _s.timeframe.label;
        this.#n.writtenByTimeframe.set(label, (this.#n.writtenByTimeframe.get(label) ?? 0) + batch.toSeq - batch.fromSeq);
        this.#n.batchesWritten++;
      },
      failed: (s, batch, error) => {
        this.#n.spillErrors++;
        this.#lastSpillError = error instanceof Error ? error.message : String(error);
        // Keep at most 8 batches per series waiting for a store that refuses them; memory stays bounded.
        while (s.pending.length > 8) {
          const lost = s.pending.shift()!;
          this.#n.barsLost += lost.toSeq - lost.fromSeq;
        }
        if (this.listenerCount("spillError") > 0) {
          this.emit("spillError", { symbol: s.symbol, timeframe: s.timeframe.label, storeSymbol: s.storeSymbol, bars: batch.toSeq - batch.fromSeq, error });
        }
      },
    };
  }

  /** Timeframe labels in the order given. */
  get timeframes(): string[] {
    return this.#o.timeframes.map((t) => t.label);
  }

  /** The exchange calendar bars follow, undefined for 24/7 UTC-aligned bars (see BarManagerOptions.calendar). */
  get calendar(): Calendar | undefined {
    return this.#o.calendar;
  }

  /** Symbols seen so far (or backfilled). */
  get symbols(): string[] {
    return [...this.#symbols.keys()];
  }

  override on<K extends keyof BarManagerEvents>(event: K, listener: (...args: BarManagerEvents[K]) => void): this {
    return super.on(event, listener as (...args: unknown[]) => void);
  }

  override once<K extends keyof BarManagerEvents>(event: K, listener: (...args: BarManagerEvents[K]) => void): this {
    return super.once(event, listener as (...args: unknown[]) => void);
  }

  override off<K extends keyof BarManagerEvents>(event: K, listener: (...args: BarManagerEvents[K]) => void): this {
    return super.off(event, listener as (...args: unknown[]) => void);
  }

  /**
   * Feeds one trade into every timeframe of its symbol. Invalid ticks are not errors: they are counted by
   * reason (`stats().rejected`) and reported on `reject`; a tick older than the symbol's newest by more
   * than `lateTickGraceMs` is dropped and counted as late. Every timeframe takes the tick first, then
   * the events go out (`bar` for bars it closed, then `update`), so an exception from a listener (which
   * propagates out of ingest) never leaves the timeframes disagreeing; the events after it are lost.
   * @returns true when the tick went into the bars, false when it was rejected or dropped.
   * @throws StreamError `CLOSED` after close(); whatever a listener throws.
   * @example bars.ingest({ symbol: "ES", timestamp: 1714564800000, price: 5032.25, size: 3 })
   */
  ingest(tick: Tick): boolean {
    if (this.#closed) throw new StreamError("BarManager: ingest after close(); create a new BarManager", { code: "CLOSED" });
    this.#n.received++;
    if (tick === null || typeof tick !== "object" || typeof tick.symbol !== "string" || tick.symbol.length === 0) {
      return this.#reject(REJECT_MALFORMED, tick);
    }
    const raw = tick.timestamp;
    const ts = typeof raw === "number" ? raw : raw instanceof Date ? raw.getTime() : NaN;
    const price = tick.price;
    const size = tick.size === undefined ? 0 : tick.size;
    let st = this.#symbols.get(tick.symbol);
    const lastPrice = st === undefined ? 0 : st.lastPrice;
    const o = this.#o;
    if (ts > this.#nowCache + o.maxFutureMs) this.#nowCache = o.now();
    const reason = checkTick(ts, price, size, lastPrice, this.#nowCache, o);
    if (reason !== REJECT_NONE && (reason !== REJECT_JUMP || !this.#confirmsLevel(st!, price as number))) return this.#reject(reason, tick);
    if (this.#sessions !== undefined && this.#sessions.find(ts) < 0) return this.#reject(REJECT_OUTSIDE_SESSION, tick);
    if (st === undefined) {
      if (this.#symbols.size >= o.maxSymbols) return this.#reject(REJECT_SYMBOL_LIMIT, tick);
      st = this.#addSymbol(tick.symbol);
    }
    if (ts < st.watermark - o.lateTickGraceMs || ts < st.sealedBefore) {
      this.#n.lateDropped++;
      if (this.listenerCount("reject") > 0) this.emit("reject", { reason: "late", tick });
      return false;
    }
    this.#n.accepted++;
    // The wall clock is read every 64 ticks or 100 ms of exchange time, not on every tick.
    if ((this.#n.accepted & 63) === 0 || !(ts <= this.#clockTs + 100)) {
      this.#lastTickAt = o.now();
      this.#clockTs = ts;
    }
    if (ts > st.watermark) st.watermark = ts;
    st.jumpRun = 0;
    if (!(ts < st.lastTs)) {
      st.lastTs = ts;
      st.lastPrice = price as number;
    }
    if (!(ts <= this.#lastTickTimestamp)) this.#lastTickTimestamp = ts;
    const updates = this.#hasUpdateListener;
    const finalBefore = st.watermark - o.lateTickGraceMs;
    if (!updates && ts >= st.fastFrom && ts < st.fastTo) {
      const fast = st.fastSeries;
      const slots = st.fastSlots;
      for (let i = 0; i < fast.length; i++) updateBar(fast[i].ring, slots[i], ts, price as number, size as number);
      if (fast.length === st.series.length) return true;
    } else st.fastFrom = Infinity;

    const t0 = this.#timing ? performance.now() : 0;
    const series = st.series;
    const fastDone = st.fastFrom !== Infinity;
    // First every series takes the tick, then the events go out: a listener that throws cannot leave
    // some timeframes updated and others not.
    const effects = st.effects;
    let eventful = false;
    for (let i = 0; i < series.length; i++) {
      const s = series[i];
      if (fastDone && s.bucketer !== undefined) {
        effects[i] = UPDATED;
        continue;
      }
      const effect = s.bucketer !== undefined ? addTimeTick(s, ts, price as number, size as number, o.maxEmptyBars) : addCountTick(s, ts, price as number, size as number);
      effects[i] = effect;
      if (effect === UPDATED) continue;
      if (effect === DROPPED) {
        this.#n.droppedFromSeries++;
        continue;
      }
      eventful = true;
      if (effect === REOPENED) this.#n.reopened++;
      if (o.store !== undefined && s.closedTo > s.closedFrom) this.#maybeSpill(s, finalBefore);
    }
    if (!fastDone) armFastPath(st);
    if (eventful || updates) {
      this.#emitTick(st, updates);
      if (this.#timing) this.#latency[this.#latencyCount++ % LATENCY_SAMPLES] = performance.now() - t0;
    }
    return true;
  }

  /** The events of the tick just ingested for `st`: closed bars, then updates (see ingest). */
  #emitTick(st: SymbolState, updates: boolean): void {
    const series = st.series;
    const effects = st.effects;
    for (let i = 0; i < series.length; i++) {
      const s = series[i];
      const effect = effects[i];
      if (effect === DROPPED) continue;
      if (effect === UPDATED) {
        if (updates) this.emit("update", { symbol: s.symbol, timeframe: s.timeframe.label, bar: this.#bar(s, s.ring.endSeq - 1), reopened: false });
        continue;
      }
      if (s.closedTo > s.closedFrom) this.#emitClosed(s);
      if (updates && effect !== INSERTED) {
        this.emit("update", { symbol: s.symbol, timeframe: s.timeframe.label, bar: this.#bar(s, s.touched), reopened: effect === REOPENED });
      }
    }
  }

  /**
   * Feeds many trades in order; same rules as {@link ingest}. A listener that closes the manager during
   * the call ends it there: the remaining ticks are not ingested.
   * @returns the number of ticks that went into bars.
   * @throws StreamError `CLOSED` when the manager is closed before the call.
   */
  ingestMany(ticks: Iterable<Tick>): number {
    let n = 0;
    let seen = 0;
    for (const tick of ticks) {
      if (seen++ > 0 && this.#closed) break;
      if (this.ingest(tick)) n++;
    }
    return n;
  }

  /**
   * Closes, in every series, the forming bars whose end is at or before `timestamp` (exchange time, e.g.
   * from a feed heartbeat), so bars close in a quiet market without waiting for the next tick. A tick that
   * arrives later for such a bar re-opens it (within the grace window), like any late tick.
   * The time is trusted (your own clock, e.g. `advanceTime(Number.MAX_SAFE_INTEGER)` to close every bar
   * at the end of a replay); a feed's heartbeats go through the checked {@link heartbeat} instead.
   * @returns the number of bars closed.
   */
  advanceTime(timestamp: number): number {
    if (this.#closed || !Number.isFinite(timestamp)) return 0;
    return this.#advance(timestamp);
  }

  /**
   * A heartbeat from a feed (what `feed.pipe(bars)` calls): {@link advanceTime} after a sanity check. A
   * heartbeat that is not finite, more than `maxClockSkewMs` ahead of the manager's exchange clock (the
   * newest accepted tick time or heartbeat, whichever is later; the wall clock before either), or more
   * than `maxFutureMs` ahead of the wall clock is rejected: it closes nothing and is counted in
   * `stats().heartbeats.rejected`. Heartbeats behind the clock are accepted (they close nothing new).
   * @returns the number of bars closed.
   * @example bars.heartbeat(message.timestamp)
   */
  heartbeat(timestamp: number): number {
    if (this.#closed) return 0;
    const o = this.#o;
    let clock = this.#heartbeatTs;
    if (this.#lastTickTimestamp > clock) clock = this.#lastTickTimestamp;
    if (clock === -Infinity && o.maxClockSkewMs !== Infinity) clock = o.now();
    if (!Number.isFinite(timestamp) || timestamp > clock + o.maxClockSkewMs || (o.maxFutureMs !== Infinity && timestamp > o.now() + o.maxFutureMs)) {
      this.#n.heartbeatsRejected++;
      return 0;
    }
    this.#n.heartbeatsAccepted++;
    if (timestamp > this.#heartbeatTs) this.#heartbeatTs = timestamp;
    return this.#advance(timestamp);
  }

  #advance(timestamp: number): number {
    let closed = 0;
    for (const st of this.#symbols.values()) {
      st.fastFrom = Infinity;
      for (const s of st.series) {
        const r = s.ring;
        if (!s.formingOpen || s.bucketer === undefined || r.length === 0 || r.get(r.phys(r.length - 1), F.end) > timestamp) continue;
        s.formingOpen = false;
        s.closedFrom = r.endSeq - 1;
        s.closedTo = r.endSeq;
        this.#emitClosed(s);
        closed++;
      }
    }
    return closed;
  }

  /**
   * The bars of `symbol` in `timeframe` held in memory, oldest first; the last row is the forming bar.
   * Synchronous; for history older than memory (spilled to the store) use {@link readBars}.
   * @param query.count only the last `count` bars. @default all in memory
   * @param query.start first bar start included. @default open; query.end last bar start included. @default open
   * @returns Table timestamp, open, high, low, close, volume (empty for a symbol not seen yet).
   * @throws StreamError `UNKNOWN_SERIES` for a timeframe the manager does not build; `INVALID_OPTION` for a bad bound.
   * @example bars.getBars("BTCUSD", "1m", { count: 60 })
   */
  getBars(symbol: string, timeframe: string, query: BarsQuery = {}): Table {
    const { start, end, count } = this.#query(timeframe, query);
    const s = this.#series(symbol, timeframe);
    const cols = s ? ringColumns(s.ring, 0, s.ring.length) : ringColumns(emptyRing, 0, 0);
    return barsTable(sliceColumns(cols, start, end, count));
  }

  /**
   * Like {@link getBars}, but reaches back into the store for bars that left memory: store rows, then
   * batches still being written, then memory, without gaps or duplicates.
   * @throws as getBars; store errors (e.g. StoreBusyError) pass through.
   * @example await bars.readBars("BTCUSD", "1m", { start: "2024-05-01T00:00:00Z" })
   */
  async readBars(symbol: string, timeframe: string, query: BarsQuery = {}): Promise<Table> {
    const { start, end, count } = this.#query(timeframe, query);
    const s = this.#series(symbol, timeframe);
    if (!s) {
      if (!this.#o.store) return this.getBars(symbol, timeframe, query);
      const probe = new Series(symbol, this.#o.timeframes.find((t) => t.label === timeframe)!, undefined, 2);
      return barsTable(await readBarsSeamless(probe, this.#o.store, start, end, count));
    }
    if (!this.#o.store) return this.getBars(symbol, timeframe, query);
    return barsTable(await readBarsSeamless(s, this.#o.store, start, end, count));
  }

  /**
   * Loads the last `count` stored bars of each timeframe of `symbols` from the store into memory, so
   * charts and indicators have history at once. Must run before the symbol's first tick. Ticks for
   * periods already stored are then dropped (the stored bar is final).
   * @throws StreamError `INVALID_OPTION` without a store; `BACKFILL_TOO_LATE` when a symbol already has ticks.
   * @returns bars loaded, over all series.
   */
  async backfill(symbols: string[], { count = 1000 }: { count?: number } = {}): Promise<number> {
    const store = this.#o.store;
    if (!store) throw new StreamError("BarManager: backfill needs the 'store' option (the library bars spill to)", { code: "INVALID_OPTION" });
    let loaded = 0;
    for (const symbol of symbols) {
      const st = this.#symbolBeforeTicks(symbol, "backfill");
      for (const s of st.series) {
        loaded += await backfillSeries(s, store, count);
        const r = s.ring;
        if (r.length > 0 && s.bucketer !== undefined) {
          const p = r.phys(r.length - 1);
          if (r.get(p, F.start) >= st.lastTs || !(st.lastTs > -Infinity)) {
            st.lastTs = r.get(p, F.start);
            st.lastPrice = r.get(p, F.close);
          }
        }
      }
    }
    return loaded;
  }

  /**
   * Rebuilds, for each of `symbols`, the bars forming now from stored bars of the current session, so
   * the first bars after a start are complete rather than partial: a "1h" or "1d" bar started before the
   * process holds what the store knows of it, and live ticks continue it. Must run before the symbol's
   * first tick (like {@link backfill}, which it can follow).
   *
   * What it reads: the stored bars of `from` (by default the manager's shortest time-based timeframe,
   * `<symbol>.<from>` in the store) from the start of the longest bar forming now (the session's open for
   * "1d" with a calendar, the week's or month's first session for "1w" or "1M", the UTC day without a
   * calendar) up to `now`. What it loads, per timeframe at least as long as `from`: that timeframe's own
   * stored bars of the period (already in the store), then bars built from the `from` bars after them:
   * closed ones, written to the store like any closed bar, and the forming one. Shorter timeframes and
   * tick or volume bars start with the first tick.
   *
   * Ticks that overlap the stored bars follow the late-tick policy as if the stored bars were ticks: a
   * stored bar is final, so a tick stamped before the end of the last stored bar is dropped and counted
   * as late (`stats().late.dropped`, a `reject` event with reason "late"), whatever `lateTickGraceMs`.
   * Tick counts are not stored: a bar built from stored bars counts each as one tick in `ticks`.
   * @returns bars loaded, over all series.
   * @throws StreamError `INVALID_OPTION` without a library (no `store` and no `library`) or for a `from`
   *   the manager does not build; `BACKFILL_TOO_LATE` when a symbol already has ticks; `SYMBOL_LIMIT`;
   *   `INVALID_TIMEFRAME` when a timeframe is not made of whole `from` bars; store errors pass through.
   * @example
   * const bars = new BarManager({ timeframes: ["1m", "1h", "1d"], calendar: "XNYS", store });
   * await bars.seed(["AAPL"]); // the 1h and 1d bars forming now hold today's stored minutes
   * feed.pipe(bars);
   */
  async seed(symbols: string[], options: SeedOptions = {}): Promise<number> {
    const plan = seedPlan(this.#o.timeframes, this.#o.store, options, this.#o.now);
    if (!Array.isArray(symbols) || symbols.some((x) => typeof x !== "string" || x.length === 0)) throw new StreamError(`BarManager: seed takes an array of symbols, got ${JSON.stringify(symbols)}`, { code: "INVALID_OPTION" });
    let loaded = 0;
    for (const symbol of symbols) {
      const st = this.#symbolBeforeTicks(symbol, "seed");
      loaded += await seedSymbol(st, plan, this.#o.store, makeBucketer(plan.source, this.#sessions));
    }
    return loaded;
  }

  /** The state of a symbol that has no ticks yet, made if needed (backfill and seed). */
  #symbolBeforeTicks(symbol: string, what: string): SymbolState {
    const existing = this.#symbols.get(symbol);
    if (existing && existing.series.some((s) => s.ring.endSeq > s.spilledSeq || s.formingOpen)) {
      throw new StreamError(`BarManager: ${what} of '${symbol}' after its first tick; call ${what} before ingesting`, { code: "BACKFILL_TOO_LATE", symbol });
    }
    if (!existing && this.#symbols.size >= this.#o.maxSymbols) {
      throw new StreamError(`BarManager: cannot ${what} '${symbol}': the manager already holds maxSymbols (${this.#o.maxSymbols}) symbols`, { code: "SYMBOL_LIMIT", symbol });
    }
    const st = existing ?? this.#addSymbol(symbol);
    st.fastFrom = Infinity;
    return st;
  }

  /** Price of the symbol's newest tick by exchange time; NaN for a symbol not seen. */
  currentPrice(symbol: string): number {
    const st = this.#symbols.get(symbol);
    return st && st.lastPrice > 0 ? st.lastPrice : NaN;
  }

  /**
   * High, low and high − low over the last `bars` bars in memory (including the forming one).
   * @default bars 20
   * @example bars.priceRange("BTCUSD", "1m", 60) // { high, low, range, bars }
   */
  priceRange(symbol: string, timeframe: string, bars = 20): PriceRange {
    this.#query(timeframe, {});
    return priceRangeOf(this.#series(symbol, timeframe)?.ring, bars);
  }

  /**
   * Volume over the last `bars` bars in memory (including the forming one): total, mean per bar, the
   * forming bar's volume, and the ratio of the forming bar's volume to the mean of the bars before it.
   * @default bars 20
   * @example bars.volumeStats("BTCUSD", "1m", 30).relative // 2.5: this minute trades 2.5x the last 29
   */
  volumeStats(symbol: string, timeframe: string, bars = 20): VolumeStats {
    this.#query(timeframe, {});
    return volumeStatsOf(this.#series(symbol, timeframe)?.ring, bars);
  }

  /**
   * Counters since creation and memory measured from the buffers; see {@link BarManagerStats}.
   * @example const { accepted, rejected, late, memoryBytes } = bars.stats()
   */
  stats(): BarManagerStats {
    const latency = this.#latency.slice(0, Math.min(this.#latencyCount, LATENCY_SAMPLES));
    return collectStats(this.#n, this.#symbols.values(), { timeframes: this.timeframes, uptimeMs: this.#o.now() - this.#createdAt, status: this.health().status, latency });
  }


  /**
   * Liveness: whether ticks are arriving, the piped feed's state and store trouble; see {@link BarManagerHealth}.
   * The wall time of the last tick is read every 64 ticks or 100 ms of exchange time, so `silentForMs`
   * can be that much too large.
   * @example if (bars.health().status === "stale") alert("feed silent")
   */
  health(): BarManagerHealth {
    const now = this.#o.now();
    const silentForMs = Number.isNaN(this.#lastTickAt) ? NaN : now - this.#lastTickAt;
    const feed = this.#feedHealth?.();
    let status: BarManagerHealth["status"] = "ok";
    if (this.#closed) status = "closed";
    else if (feed && feed.status !== "ok") status = "stale";
    else if (Number.isNaN(silentForMs)) status = feed ? "stale" : "idle";
    else if (silentForMs > this.#o.staleAfterMs) status = "stale";
    else if (this.#n.barsLost > 0 || this.#n.spillErrors > 0 && this.#hasPending()) status = "degraded";
    return {
      status,
      lastTickAt: this.#lastTickAt,
      lastTickTimestamp: this.#lastTickTimestamp,
      silentForMs,
      ...(feed ? { feed } : {}),
      ...(this.#lastSpillError ? { lastSpillError: this.#lastSpillError } : {}),
    };
  }

  /** Lets a feed report its health through {@link health} (called by `feed.pipe(bars)`). */
  attachFeedHealth(health: (() => FeedHealthLike) | undefined): void {
    this.#feedHealth = health;
  }

  /**
   * Writes every closed bar not yet in the store (waits for writes in flight), including bars still in
   * the grace window: late ticks for them are dropped afterwards. The forming bars stay in memory. No-op
   * without a store.
   * @throws StreamError `SPILL_FAILED` naming the store symbol and quoting the store's error when a batch
   *   cannot be written (the bars stay pending and are retried by the next flush or spill).
   */
  async flush(): Promise<void> {
    const store = this.#o.store;
    if (!store) return;
    for (const st of this.#symbols.values()) {
      for (const s of st.series) {
        copyOut(s, s.formingOpen ? s.ring.endSeq - 1 : s.ring.endSeq);
        while (s.pending.length > 0) {
          const before = this.#n.spillErrors;
          await drain(s, store, this.#drainHooks);
          if (this.#n.spillErrors > before && s.pending.length > 0) throw new StreamError(`BarManager: cannot write bars of '${s.storeSymbol}' to the store: ${this.#lastSpillError}; they stay pending (stats().spill.barsPending)`, { code: "SPILL_FAILED", symbol: s.symbol, timeframe: s.timeframe.label });
        }
      }
    }
  }

  /**
   * Writes pending closed bars to the store (when there is one), detaches from the feed and removes
   * all listeners. Idempotent. Forming bars are not written (they are incomplete). Store errors are
   * reported in health(), not thrown.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    try {
      await this.flush();
    } catch {
      // counted in stats().spill.errors
    }
    for (const st of this.#symbols.values()) for (const s of st.series) if (s.draining) await s.draining;
    this.#feedHealth = undefined;
    this.removeAllListeners();
    this.#hasUpdateListener = false;
  }

  /** True once close() was called. */
  get closed(): boolean {
    return this.#closed;
  }

  #hasPending(): boolean {
    for (const st of this.#symbols.values()) for (const s of st.series) if (s.pending.length > 0) return true;
    return false;
  }

  /**
   * For a tick rejected as a jump: counts it towards a new price level (ticks in a row within maxDeviation
   * of the first of them) and says whether this one completes `jumpConfirmTicks` of them.
   */
  #confirmsLevel(st: SymbolState, price: number): boolean {
    const o = this.#o;
    if (st.jumpRun > 0 && Math.abs(price - st.jumpPrice) <= o.maxDeviation * st.jumpPrice) st.jumpRun++;
    else {
      st.jumpRun = 1;
      st.jumpPrice = price;
    }
    if (st.jumpRun < o.jumpConfirmTicks) return false;
    this.#n.levelsAccepted++;
    return true;
  }

  #reject(reason: Reject, tick: Tick): false {
    this.#n.rejected[reason]++;
    if (this.listenerCount("reject") > 0) this.emit("reject", { reason: REJECT_REASONS[reason], tick });
    return false;
  }

  #addSymbol(symbol: string): SymbolState {
    const o = this.#o;
    const series = o.timeframes.map((tf) => {
      const bucketer = tf.kind === "ticks" || tf.kind === "volume" ? undefined : makeBucketer(tf, this.#sessions);
      const s = new Series(symbol, tf, bucketer, o.maxBarsInMemory);
      if (o.store) s.spillBeforeEvict = (x) => this.#spillNow(x, x.formingOpen ? x.ring.endSeq - 1 : x.ring.endSeq);
      return s;
    });
    const st = newSymbolState(symbol, series);
    this.#symbols.set(symbol, st);
    return st;
  }

  #emitClosed(s: Series): void {
    const r = s.ring;
    const listening = this.listenerCount("bar") > 0;
    for (let seq = Math.max(s.closedFrom, r.firstSeq); seq < s.closedTo; seq++) {
      const flags = r.flags[r.physOfSeq(seq)];
      this.#n.barsEmitted++;
      if (flags & FLAG_EMPTY) this.#n.emptyBars++;
      if (listening) {
        this.emit("bar", { symbol: s.symbol, timeframe: s.timeframe.label, bar: this.#bar(s, seq), empty: (flags & FLAG_EMPTY) !== 0, late: (flags & FLAG_LATE) !== 0 });
      }
    }
  }

  #bar(s: Series, seq: number): Bar {
    return barAt(s.ring, s.ring.physOfSeq(seq));
  }

  /** Copies out final bars (end at or before `finalBefore`) once a batch is full, and starts writing. */
  #maybeSpill(s: Series, finalBefore: number): void {
    const r = s.ring;
    const lastClosed = s.formingOpen ? r.endSeq - 1 : r.endSeq;
    let upto = Math.max(s.spilledSeq, r.firstSeq);
    if (lastClosed - upto < this.#o.spillBatchSize) return;
    while (upto < lastClosed && r.get(r.physOfSeq(upto), F.end) <= finalBefore) upto++;
    if (upto - Math.max(s.spilledSeq, r.firstSeq) >= this.#o.spillBatchSize) this.#spillNow(s, upto);
  }

  #spillNow(s: Series, toSeq: number): void {
    if (copyOut(s, toSeq) > 0) void drain(s, this.#o.store!, this.#drainHooks);
  }

  #series(symbol: string, timeframe: string): Series | undefined {
    const st = this.#symbols.get(symbol);
    return st?.series.find((s) => s.timeframe.label === timeframe);
  }

  #query(timeframe: string, query: BarsQuery): { start: number; end: number; count: number } {
    if (!this.#o.timeframes.some((t) => t.label === timeframe)) {
      throw new StreamError(`BarManager: timeframe '${timeframe}' is not built; the manager builds ${this.timeframes.map((t) => `'${t}'`).join(", ")}`, { code: "UNKNOWN_SERIES", timeframe });
    }
    const count = query.count === undefined ? Infinity : query.count;
    if (!(count >= 0) || (count !== Infinity && !Number.isInteger(count))) {
      throw new StreamError(`BarManager: 'count' must be an integer >= 0, got ${String(query.count)}`, { code: "INVALID_OPTION", timeframe });
    }
    return { start: toMs(query.start, "start"), end: toMs(query.end, "end"), count };
  }
}

const emptyRing = new Series("", parseTimeframe("1s"), undefined, 2).ring;
