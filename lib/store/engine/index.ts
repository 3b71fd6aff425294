/**
 * The store's engine: the only code that talks to DuckDB. A {@link Database} and its {@link Connection}s
 * run SQL and copy result columns into typed arrays; a {@link StoreFile} shares one library file between
 * calls and processes; the {@link Catalog} owns the SQL of a library's catalog tables. The rest of
 * lib/store builds SQL for data and talks to these types, never to DuckDB's own.
 */
export { Catalog, FORMAT_VERSION } from "./Catalog";
export { SQL_TYPE, dataTable, nextCreatedUs, physicalName } from "./catalogRows";
export type { PhysicalColumn, Piece, SnapshotRow, SymbolRow, VersionListing, VersionRow } from "./catalogRows";
export { DuckConnection } from "./Connection";
export type { Connection, ConnectionMethod, ParamType, StatementShape } from "./Connection";
export { Database, withDatabase } from "./Database";
export { lockDown } from "./lockDown";
export { pauseAt, pauseWanted } from "./pauseAt";
export type { OutputArray, OutputKind } from "./readColumns";
export { damagedFileError, diskFullError, isLockError } from "./fileErrors";
export { DEFAULT_FILE_OPTIONS, StoreFile, WAITER_POLL_MS, markWaiting } from "./StoreFile";
export type { OpenFile, StoreFileOptions, UseOptions } from "./StoreFile";
export { processAlive, processStamp, readProcess } from "./processIdentity";
export type { ProcessInfo } from "./processIdentity";
