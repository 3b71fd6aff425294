import type { TradeRecord } from "./types";

/** Closed trades as columns (one typed array per field): what the statistics and the trades Table read. */
export interface TradeColumns {
  length: number;
  size: Float64Array;
  entryBar: Float64Array;
  exitBar: Float64Array;
  entryPrice: Float64Array;
  exitPrice: Float64Array;
  /** Stop-loss prices (NaN = none); null when no trade had one. */
  sl: Float64Array | null;
  /** Take-profit prices (NaN = none); null when no trade had one. */
  tp: Float64Array | null;
  pnl: Float64Array;
  commission: Float64Array;
  returnPct: Float64Array;
  entryTime: Float64Array;
  exitTime: Float64Array;
  duration: Float64Array;
  /** Tags; null when no trade had one. */
  tag: (string | null)[] | null;
}

const NUMERIC = ["size", "entryBar", "exitBar", "entryPrice", "exitPrice", "sl", "tp", "pnl", "commission", "returnPct", "entryTime", "exitTime", "duration"] as const;

/** True for {@link TradeColumns} (rather than an array of records). */
export function isTradeColumns(trades: readonly TradeRecord[] | TradeColumns): trades is TradeColumns {
  return !Array.isArray(trades) && (trades as TradeColumns).pnl instanceof Float64Array;
}

/** Trade records as columns. */
export function tradeColumns(trades: readonly TradeRecord[] | TradeColumns): TradeColumns {
  if (isTradeColumns(trades)) return trades;
  const out = { length: trades.length, tag: trades.map((t) => t.tag) } as TradeColumns;
  for (const name of NUMERIC) out[name] = Float64Array.from(trades, (t) => t[name]);
  return out;
}

/** Trade columns as records (one object per trade). */
export function tradeRecordsOf(columns: TradeColumns): TradeRecord[] {
  const out: TradeRecord[] = [];
  for (let i = 0; i < columns.length; i++) {
    const record = { tag: columns.tag ? columns.tag[i] : null } as TradeRecord;
    for (const name of NUMERIC) {
      const values = columns[name];
      record[name] = values ? values[i] : NaN;
    }
    out.push(record);
  }
  return out;
}

/**
 * A growable set of trade columns for engines that close many trades: appends without an object per
 * trade, doubling its arrays as needed.
 */
export class TradeBuffer {
  #length = 0;
  #capacity: number;
  #size: Float64Array;
  #entryBar: Float64Array;
  #exitBar: Float64Array;
  #entryPrice: Float64Array;
  #exitPrice: Float64Array;
  #pnl: Float64Array;
  #commission: Float64Array;
  #returnPct: Float64Array;
  #entryTime: Float64Array;
  #exitTime: Float64Array;

  constructor(capacity = 64) {
    const c = (this.#capacity = Math.max(1, capacity));
    this.#size = new Float64Array(c);
    this.#entryBar = new Float64Array(c);
    this.#exitBar = new Float64Array(c);
    this.#entryPrice = new Float64Array(c);
    this.#exitPrice = new Float64Array(c);
    this.#pnl = new Float64Array(c);
    this.#commission = new Float64Array(c);
    this.#returnPct = new Float64Array(c);
    this.#entryTime = new Float64Array(c);
    this.#exitTime = new Float64Array(c);
  }

  get length(): number {
    return this.#length;
  }

  /** Appends one closed trade (no sl/tp, no tag). */
  push(size: number, entryBar: number, exitBar: number, entryPrice: number, exitPrice: number, pnl: number, commission: number, returnPct: number, entryTime: number, exitTime: number): void {
    if (this.#length === this.#capacity) this.#grow();
    const i = this.#length++;
    this.#size[i] = size;
    this.#entryBar[i] = entryBar;
    this.#exitBar[i] = exitBar;
    this.#entryPrice[i] = entryPrice;
    this.#exitPrice[i] = exitPrice;
    this.#pnl[i] = pnl;
    this.#commission[i] = commission;
    this.#returnPct[i] = returnPct;
    this.#entryTime[i] = entryTime;
    this.#exitTime[i] = exitTime;
  }

  /** The trades as columns, trimmed to their count (views, no copy; no sl, tp or tags). */
  columns(): TradeColumns {
    const n = this.#length;
    const entryTime = this.#entryTime.subarray(0, n);
    const exitTime = this.#exitTime.subarray(0, n);
    const duration = new Float64Array(n);
    for (let i = 0; i < n; i++) duration[i] = exitTime[i] - entryTime[i];
    return {
      length: n,
      size: this.#size.subarray(0, n),
      entryBar: this.#entryBar.subarray(0, n),
      exitBar: this.#exitBar.subarray(0, n),
      entryPrice: this.#entryPrice.subarray(0, n),
      exitPrice: this.#exitPrice.subarray(0, n),
      sl: null,
      tp: null,
      pnl: this.#pnl.subarray(0, n),
      commission: this.#commission.subarray(0, n),
      returnPct: this.#returnPct.subarray(0, n),
      entryTime,
      exitTime,
      duration,
      tag: null,
    };
  }

  #grow(): void {
    const c = (this.#capacity *= 2);
    const grow = (a: Float64Array) => {
      const bigger = new Float64Array(c);
      bigger.set(a);
      return bigger;
    };
    this.#size = grow(this.#size);
    this.#entryBar = grow(this.#entryBar);
    this.#exitBar = grow(this.#exitBar);
    this.#entryPrice = grow(this.#entryPrice);
    this.#exitPrice = grow(this.#exitPrice);
    this.#pnl = grow(this.#pnl);
    this.#commission = grow(this.#commission);
    this.#returnPct = grow(this.#returnPct);
    this.#entryTime = grow(this.#entryTime);
    this.#exitTime = grow(this.#exitTime);
  }
}
