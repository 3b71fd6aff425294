import { Table, TimestampArray, tagColumnKind, toTable } from "../frame";
import type { SymbolDescription, VersionInfo, VersionedItem } from "../store";
import { getDisplayOptions } from "./displayOptions";
import type { MimeBundle } from "./emit";
import { formatTime } from "./formatTime";
import { isPlainObject, recordBundle, RecordEntry, shortJson } from "./recordBundle";
import { isTable } from "./tableDisplay";
import { tableBundle } from "./show";

const time = (d: Date) => formatTime(d.getTime(), getDisplayOptions().timezone);

/** A store read or write result: library, symbol, version, timestamp, metadata, data. */
export function isVersionedItem(value: unknown): value is VersionedItem<unknown> {
  const v = value as Record<string, unknown>;
  return isPlainObject(value) && typeof v.library === "string" && typeof v.symbol === "string" && typeof v.version === "number" && v.timestamp instanceof Date && "data" in v;
}

/** A VersionedItem: which version of which symbol, when written, its metadata, then its data as a table. */
export function versionedItemBundle(item: VersionedItem<unknown>): MimeBundle {
  const entries: RecordEntry[] = [
    ["library", item.library],
    ["written", time(item.timestamp)],
  ];
  if (item.metadata !== undefined) entries.push(["metadata", shortJson(item.metadata)]);
  const data = item.data;
  const after = isTable(data) ? [tableBundle(data as Table)] : [];
  return recordBundle(`${item.symbol}, version ${item.version}`, entries, after);
}

/** What getDescription returns. */
export function isSymbolDescription(value: unknown): value is SymbolDescription {
  const v = value as Record<string, unknown>;
  return isPlainObject(value) && typeof v.symbol === "string" && typeof v.version === "number" && Array.isArray(v.columns) && typeof v.rowCount === "number" && v.lastUpdate instanceof Date && "sorted" in v;
}

/** A SymbolDescription: shape, time range and order, then its columns with their stored types. */
export function descriptionBundle(d: SymbolDescription): MimeBundle {
  const entries: RecordEntry[] = [
    ["rows", d.rowCount.toLocaleString("en-US")],
    ["index", d.index ? d.index.name : "row numbers"],
    ["first", d.dateRange ? time(d.dateRange[0]) : "-"],
    ["last", d.dateRange ? time(d.dateRange[1]) : "-"],
    ["sorted", d.sorted],
    ["last update", time(d.lastUpdate)],
  ];
  if (d.metadata !== undefined && d.metadata !== null) entries.push(["metadata", shortJson(d.metadata)]);
  const columns = toTable([
    ["column", d.columns.map((c) => c.name)],
    ["type", d.columns.map((c) => c.type)],
  ]);
  return recordBundle(`${d.symbol}, version ${d.version}`, entries, [tableBundle(columns, { rows: Math.max(d.columns.length, 1) })]);
}

/** What listVersions returns: a non-empty list of VersionInfo. */
export function isVersionList(value: unknown): value is VersionInfo[] {
  if (!Array.isArray(value) || value.length === 0) return false;
  return value.every((v) => isPlainObject(v) && typeof v.symbol === "string" && typeof v.version === "number" && v.date instanceof Date && typeof v.deleted === "boolean" && Array.isArray(v.snapshots));
}

/** A version list as a table: symbol, version (int), date, deleted, snapshots. */
export function versionListBundle(list: VersionInfo[]): MimeBundle {
  const table = toTable([
    ["symbol", list.map((v) => v.symbol)],
    ["version", tagColumnKind(list.map((v) => v.version), "int")],
    ["date", TimestampArray.from(list, (v) => v.date.getTime())],
    ["deleted", list.map((v) => v.deleted)],
    ["snapshots", list.map((v) => v.snapshots.join(", "))],
  ]);
  return tableBundle(table);
}
