import { InvalidDataError, SchemaError } from "../../errors";
import { INDEX_COLUMN } from "../../frame";
import { ACTION_COLUMNS, ADJUST_MODES, AdjustMode, CorporateAction, actionsSymbol, adjustmentFactors, ohlcvColumnNames } from "../../market";
import { OpenFile, OutputArray, PhysicalColumn, VersionRow } from "../engine";
import { AdjustmentInfo, AsOf } from "../types";
import { LibraryContext } from "./context";
import { readRows } from "./readRows";

/**
 * The version of `<symbol>.actions` that goes with a read of `bars`: the latest for a read of the latest
 * version; the snapshot's, when a snapshot read names one that holds it; otherwise the latest created at or
 * before the bars' version (for a version number or a snapshot without actions) or at or before the `asOf`
 * time. Null when there is none.
 */
async function actionsVersion(open: OpenFile, name: string, asOf: AsOf | undefined, bars: VersionRow): Promise<VersionRow | null> {
  const symbol = await open.catalog.getSymbol(actionsSymbol(name));
  if (!symbol) return null;
  if (asOf === undefined || asOf === null) return open.catalog.getLatest(symbol.id);
  if (typeof asOf === "string") {
    const held = await open.catalog.snapshotVersion(asOf, symbol.id);
    if (held !== null) return open.catalog.getVersion(symbol.id, held);
  }
  const until = asOf instanceof Date ? asOf.getTime() * 1000 + 999 : bars.createdUs;
  const pick = (await open.catalog.listVersionRows(symbol.id)).find((v) => !v.deleted && v.createdUs <= until);
  return pick ? open.catalog.getVersion(symbol.id, pick.version) : null;
}

/** Reads and checks the actions of a version: ex-dates, dividends >= 0, splits > 0, all finite. */
async function readActions(ctx: LibraryContext, open: OpenFile, name: string, version: VersionRow): Promise<CorporateAction[]> {
  const symbol = actionsSymbol(name);
  const columns = ACTION_COLUMNS.map((wanted) => {
    const column = version.columns.find((c) => c.name === wanted);
    if (!column) {
      throw new SchemaError(`'${symbol}' version ${version.version} has no '${wanted}' column; an actions symbol holds ${ACTION_COLUMNS.join(", ")}`, { library: ctx.name, symbol, version: version.version, column: wanted });
    }
    return column;
  });
  const { arrays } = await readRows(open, { version, columns });
  const [timestamps, dividends, splits] = arrays as ArrayLike<unknown>[];
  const actions: CorporateAction[] = [];
  for (let row = 0; row < timestamps.length; row++) {
    const timestamp = Number(timestamps[row]);
    const dividend = dividends[row] === null ? 0 : Number(dividends[row]);
    const split = splits[row] === null ? 1 : Number(splits[row]);
    const bad = !(dividend >= 0 && Number.isFinite(dividend)) ? ["dividend", dividend, "a finite amount >= 0"] : !(split > 0 && Number.isFinite(split)) ? ["split", split, "a finite ratio > 0 (new shares per old)"] : null;
    if (bad) {
      throw new InvalidDataError(`'${symbol}' row ${row} (${new Date(timestamp).toISOString()}): '${bad[0]}' is ${bad[1]}, it must be ${bad[2]}; fix the row with update()`, { library: ctx.name, symbol, version: version.version, column: String(bad[0]), row });
    }
    actions.push({ timestamp, dividend, split });
  }
  return actions;
}

/** Index of the first element of sorted `values` that is >= `t`. */
function lowerBound(values: ArrayLike<number>, t: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Applies `options.adjust` to the arrays of a read: open, high, low and close (found by name as lib/market
 * does) are scaled by the price factor of their bar, volume by the volume factor; other columns are
 * returned as read. The factors come from the whole version (so a dateRange does not lose the close before
 * a dividend) and the matching actions version; nothing stored changes.
 * @throws InvalidDataError for an unknown mode or with `query`; SchemaError for a row-indexed or unsorted
 *   symbol or (mode "all" with dividends) no close column; errors of the actions as in {@link readActions}.
 */
export async function adjustArrays(
  ctx: LibraryContext,
  open: OpenFile,
  name: string,
  version: VersionRow,
  columns: PhysicalColumn[],
  arrays: OutputArray[],
  mode: AdjustMode,
  asOf: AsOf | undefined,
): Promise<{ arrays: OutputArray[]; adjustment: AdjustmentInfo }> {
  const context = { library: ctx.name, symbol: name, version: version.version };
  const index = version.indexed ? version.columns.find((c) => c.name === INDEX_COLUMN) : undefined;
  if (!index) throw new SchemaError(`'${name}' is row-indexed; 'adjust' needs bars indexed by '${INDEX_COLUMN}'`, context);
  if (!version.sorted) throw new SchemaError(`'${name}' version ${version.version} is not sorted by '${INDEX_COLUMN}'; 'adjust' needs ordered bars (rewrite it sorted)`, context);
  const actionsRow = await actionsVersion(open, name, asOf, version);
  const adjustment: AdjustmentInfo = { mode, actionsSymbol: actionsSymbol(name), actionsVersion: actionsRow?.version ?? null, splits: 0, dividends: 0 };
  if (!actionsRow) return { arrays, adjustment };
  const actions = await readActions(ctx, open, name, actionsRow);
  if (actions.length === 0) return { arrays, adjustment };

  const names = ohlcvColumnNames(version.columns.map((c) => c.name));
  const needsClose = mode === "all" && actions.some((a) => a.dividend !== 0);
  const closeColumn = names.close === undefined ? undefined : version.columns.find((c) => c.name === names.close);
  if (needsClose && !closeColumn) {
    throw new SchemaError(`'${name}' has no 'close' column; adjust: "all" needs the close before each dividend's ex-date (or use adjust: "splits")`, { ...context, column: "close" });
  }
  const full = await readRows(open, { version, columns: needsClose ? [index, closeColumn!] : [index] });
  const timestamps = full.arrays[0] as Float64Array;
  const closes = needsClose ? (full.arrays[1] as ArrayLike<number | null>) : undefined;
  if (closes) {
    for (const action of actions) {
      const before = lowerBound(timestamps, action.timestamp) - 1;
      if (action.dividend !== 0 && before >= 0 && !(Number(closes[before]) > 0)) {
        throw new InvalidDataError(`'${name}' row ${before} (${new Date(timestamps[before]).toISOString()}): close is ${closes[before]}, so the dividend of ${new Date(action.timestamp).toISOString()} cannot be adjusted (it needs a close > 0)`, { ...context, column: names.close, row: before });
      }
    }
  }
  const factors = adjustmentFactors(timestamps, closes as ArrayLike<number> | undefined, actions, mode);
  adjustment.splits = factors.splitsApplied;
  adjustment.dividends = factors.dividendsApplied;

  const readTimes = arrays[columns.indexOf(columns.find((c) => c.name === INDEX_COLUMN)!)] as ArrayLike<number>;
  const rowFactor = (factor: Float64Array) => {
    const out = new Float64Array(readTimes.length);
    for (let i = 0; i < readTimes.length; i++) out[i] = factor[lowerBound(timestamps, readTimes[i])];
    return out;
  };
  const price = rowFactor(factors.price);
  const volume = rowFactor(factors.volume);
  const scaled = arrays.map((array, c) => {
    const column = columns[c];
    const factor = column.name === names.volume ? volume : [names.open, names.high, names.low, names.close].includes(column.name) ? price : null;
    if (factor === null || (column.type !== "float" && column.type !== "int")) return array;
    const values = array as ArrayLike<number | bigint | null>;
    if (ArrayBuffer.isView(array) && !(array instanceof BigInt64Array)) {
      const out = new Float64Array(values.length);
      for (let i = 0; i < out.length; i++) out[i] = (values[i] as number) * factor[i];
      return out;
    }
    return Array.from(values, (v, i) => (v === null ? null : Number(v) * factor[i])) as (number | null)[];
  });
  return { arrays: scaled, adjustment };
}

/** Checks `adjust` up front. @throws InvalidDataError for a mode other than "splits" or "all", or with `query`. */
export function checkAdjust(ctx: LibraryContext, name: string, adjust: unknown, withQuery: boolean): AdjustMode {
  if (!ADJUST_MODES.includes(adjust as AdjustMode)) {
    throw new InvalidDataError(`read '${name}': 'adjust' must be ${ADJUST_MODES.map((m) => `"${m}"`).join(" or ")}, got ${JSON.stringify(adjust)}`, { library: ctx.name, symbol: name });
  }
  if (withQuery) {
    throw new InvalidDataError(`read '${name}': 'adjust' cannot be combined with 'query' (a resample or filter would run on unadjusted rows); read adjusted, then query the table`, { library: ctx.name, symbol: name });
  }
  return adjust as AdjustMode;
}
