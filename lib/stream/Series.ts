import { BarRing } from "./BarRing";
import type { Bucketer } from "./buckets";
import type { Timeframe } from "../market";

/** A batch of closed bars copied out of a ring, waiting to be appended to the store. */
export interface SpillBatch {
  /** Sequence numbers [fromSeq, toSeq) of the bars in the batch. */
  fromSeq: number;
  toSeq: number;
  timestamp: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
}

/**
 * The bars of one symbol in one timeframe and the state of its aggregation. Internal to the stream
 * module: the aggregation functions ({@link addTimeTick}, {@link addCountTick}) write the result of each
 * tick into `closedFrom`/`closedTo`/`touched` instead of allocating a result.
 */
export class Series {
  readonly symbol: string;
  readonly timeframe: Timeframe;
  /** How timestamps map to bars; undefined for tick-count and volume bars. */
  readonly bucketer: Bucketer | undefined;
  readonly ring: BarRing;
  /** Store symbol the closed bars spill to, e.g. "BTCUSD.1m". */
  readonly storeSymbol: string;
  /** True while the newest bar in the ring is still forming (not yet emitted as closed). */
  formingOpen = false;
  /** Bars with a sequence number below this are copied out to the store (or were loaded from it). */
  spilledSeq = 0;
  /** Bars with a sequence number below this are known to be written to the store. */
  writtenSeq = 0;
  /** Closed bars copied out and not yet written, oldest first. */
  readonly pending: SpillBatch[] = [];
  /** The running write loop, if any. */
  draining: Promise<void> | null = null;
  /** Called before the ring would overwrite a bar not yet copied out (set when there is a store). */
  spillBeforeEvict: ((series: Series) => void) | null = null;
  /** Result of the last tick: bars [closedFrom, closedTo) were closed by it (by sequence number). */
  closedFrom = 0;
  closedTo = 0;
  /** Result of the last tick: sequence number of the bar it went into, -1 when dropped. */
  touched = -1;
  /** Gaps that had more empty bars than the limit and were left unfilled. */
  emptyGapsSkipped = 0;

  constructor(symbol: string, timeframe: Timeframe, bucketer: Bucketer | undefined, maxBars: number) {
    this.symbol = symbol;
    this.timeframe = timeframe;
    this.bucketer = bucketer;
    this.ring = new BarRing(maxBars);
    this.storeSymbol = `${symbol}.${timeframe.label}`;
  }

  /** Appends a bar slot, first copying out the oldest bar when it is about to be overwritten unspilled. */
  pushSlot(): number {
    const r = this.ring;
    if (this.spillBeforeEvict && r.length === r.maxBars && this.spilledSeq <= r.firstSeq) this.spillBeforeEvict(this);
    return r.push();
  }
}
