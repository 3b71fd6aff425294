/** Bit flags of a bar in a {@link BarRing}. */
export const FLAG_EMPTY = 1;
/** The bar was changed by a late tick after it closed. */
export const FLAG_REOPENED = 2;
/** The bar was first made by a late tick, after later bars existed. */
export const FLAG_LATE = 4;

/** Float64 values per bar in {@link BarRing.data}, at these offsets. */
export const STRIDE = 10;
export const START = 0;
export const END = 1;
export const OPEN = 2;
export const HIGH = 3;
export const LOW = 4;
export const CLOSE = 5;
export const VOLUME = 6;
/** Exchange timestamp of the tick that set `open` (earliest). */
export const OPEN_TS = 7;
/** Exchange timestamp of the tick that set `close` (latest). */
export const CLOSE_TS = 8;
export const TICKS = 9;

/** The offsets by name, for code off the hot path: `ring.get(slot, F.close)`. */
export const F = { start: START, end: END, open: OPEN, high: HIGH, low: LOW, close: CLOSE, volume: VOLUME, openTs: OPEN_TS, closeTs: CLOSE_TS, ticks: TICKS } as const;

/**
 * Bars of one series in one Float64Array used as a ring: at most `maxBars` bars, the oldest overwritten
 * first. A bar is STRIDE consecutive values (start, end, open, high, low, close, volume, openTs, closeTs,
 * ticks) so a tick touches one cache line; flags live in a Uint8Array beside it. Bars are addressed by
 * slot (physical index) or by sequence number (`firstSeq` .. `firstSeq + length - 1`, never reused), so a
 * caller can remember "bars up to seq N were written to the store" across evictions. Capacity grows by
 * doubling from a small start up to `maxBars`, then stays fixed: no allocation per tick.
 */
export class BarRing {
  readonly maxBars: number;
  data: Float64Array;
  flags: Uint8Array;
  /** Number of slots allocated. */
  capacity: number;
  /** Slot of the oldest bar. */
  head = 0;
  length = 0;
  /** Sequence number of the oldest bar held. */
  firstSeq = 0;

  constructor(maxBars: number, initialCapacity = 64) {
    this.maxBars = maxBars;
    this.capacity = Math.max(1, Math.min(maxBars, initialCapacity));
    this.data = new Float64Array(this.capacity * STRIDE);
    this.flags = new Uint8Array(this.capacity);
  }

  /** Sequence number one past the newest bar. */
  get endSeq(): number {
    return this.firstSeq + this.length;
  }

  /** Slot of the i-th bar held (0 = oldest). */
  phys(i: number): number {
    const p = this.head + i;
    return p >= this.capacity ? p - this.capacity : p;
  }

  /** Slot of the bar with sequence number `seq` (which must be held). */
  physOfSeq(seq: number): number {
    return this.phys(seq - this.firstSeq);
  }

  /** A value of the bar in `slot`: `ring.get(slot, F.close)`. */
  get(slot: number, field: number): number {
    return this.data[slot * STRIDE + field];
  }

  set(slot: number, field: number, value: number): void {
    this.data[slot * STRIDE + field] = value;
  }

  /** Bytes held by the buffers (capacity, not length: what the process really holds). */
  get memoryBytes(): number {
    return this.data.byteLength + this.flags.byteLength;
  }

  /**
   * Appends a slot at the end and returns it; the oldest bar is overwritten when the ring is full (its
   * sequence number leaves the ring). The slot's values are the caller's to set.
   */
  push(): number {
    if (this.length === this.capacity) {
      if (this.length < this.maxBars) this.#grow();
      else {
        this.head = this.phys(1);
        this.firstSeq++;
        this.length--;
      }
    }
    const p = this.phys(this.length);
    this.length++;
    return p;
  }

  /**
   * Inserts an empty slot before the i-th bar held (0 <= i <= length), shifting the newer bars by one
   * sequence number, and returns it; -1 when the ring is full and i is 0 (the slot would be evicted at
   * once). Cost is proportional to the number of bars shifted (late ticks only).
   */
  insert(i: number): number {
    if (this.length === this.capacity) {
      if (this.length < this.maxBars) this.#grow();
      else {
        if (i === 0) return -1;
        this.head = this.phys(1);
        this.firstSeq++;
        this.length--;
        i--;
      }
    }
    for (let k = this.length; k > i; k--) {
      const from = this.phys(k - 1);
      const to = this.phys(k);
      this.data.copyWithin(to * STRIDE, from * STRIDE, from * STRIDE + STRIDE);
      this.flags[to] = this.flags[from];
    }
    this.length++;
    return this.phys(i);
  }

  #grow(): void {
    const capacity = Math.min(this.maxBars, this.capacity * 2);
    const data = new Float64Array(capacity * STRIDE);
    const flags = new Uint8Array(capacity);
    for (let i = 0; i < this.length; i++) {
      const p = this.phys(i);
      data.set(this.data.subarray(p * STRIDE, p * STRIDE + STRIDE), i * STRIDE);
      flags[i] = this.flags[p];
    }
    this.data = data;
    this.flags = flags;
    this.capacity = capacity;
    this.head = 0;
  }
}
