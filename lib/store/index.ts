/**
 * The versioned store: Arctic -> libraries -> symbols -> versions, on DuckDB.
 * See ARCHITECTURE.md for the contract; {@link Library} documents each call's effect on the data.
 */
export { Arctic } from "./Arctic";
export { defaultStoreLocation, defaultStorePath, describeStoreLocation, findProjectRoot, packageRoot, storeLocationReason } from "./location";
export type { StoreLocation, StoreLocationSource } from "./location";
export type { ArcticOptions } from "./Arctic";
export { Library } from "./Library";
export type { LibraryOptions } from "./library/libraryOptions";
export type { SnapshotOptions } from "./library/snapshots";
export { parsePlaceholders } from "./library/sql";
export type { SqlOptions } from "./library/sql";
export { readParquetFile } from "./parquet";
export { exportLibrary, importLibrary, MANIFEST_FILE } from "./transfer";
export type { ExportManifest, ImportedSymbol, LibraryExportOptions, LibraryExportResult, LibraryImportMode, LibraryImportOptions, LibraryImportResult, ManifestVersion } from "./transfer";
export { processAlive, processStamp, readProcess } from "./engine";
export type { ProcessInfo } from "./engine";
export * from "./query";
export type {
  AdjustmentInfo,
  AppendOptions,
  AsOf,
  ColumnDescription,
  DateRange,
  ReadOptions,
  ReadRequest,
  ReadResult,
  SnapshotInfo,
  SymbolDescription,
  UpdateOptions,
  UpdatePayload,
  VersionInfo,
  VersionedItem,
  WriteOptions,
  WritePayload,
} from "./types";
export {
  DamagedFileError,
  DataError,
  DiskFullError,
  DuplicateSnapshotError,
  ExportDirectoryError,
  InvalidDataError,
  InvalidNameError,
  LibraryExistsError,
  LibraryNotFoundError,
  NoSuchVersionError,
  SchemaError,
  SnapshotNotFoundError,
  StoreBusyError,
  StoreError,
  SymbolExistsError,
  SymbolNotFoundError,
  UnsortedDataError,
  VersionConflictError,
  isDataError,
} from "../errors";
export type { StoreErrorCode } from "../errors";
