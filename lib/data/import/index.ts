export { importFile, importFolder } from "./importFile";
export type { ImportOptions } from "./importFile";
export { readDataFile, formatOf } from "./readDataFile";
export type { DataFile, ImportFormat, ReadDataFileOptions } from "./readDataFile";
export { parseCsv, detectDelimiter } from "./parseCsv";
export type { CsvCells, ParseCsvOptions } from "./parseCsv";
export type { TypeColumnsOptions } from "./typeColumns";
export { ImportError } from "./ImportError";
export type { ImportErrorCode } from "./ImportError";
