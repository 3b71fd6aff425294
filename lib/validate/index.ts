/**
 * Data validation: OHLCV checks against exchange calendars (lib/market) with a quality score,
 * non-destructive fixes that write new versions, library-wide checks with stored reports, and an optional
 * OHLCV check on write.
 * @example import { validateOhlcv } from "./lib/validate";
 */
export { ValidationError } from "./ValidationError";
export type { ValidationErrorCode, ValidationErrorDetails } from "./ValidationError";
export { validateOhlcv } from "./ohlcv/validateOhlcv";
export type { ValidateOptions } from "./ohlcv/options";
export { VALIDATE_DEFAULTS } from "./ohlcv/options";
export { SCORE_WEIGHTS, qualityScore } from "./ohlcv/qualityScore";
export type {
  DuplicateGroup,
  ExtraBar,
  Gap,
  InvalidCode,
  InvalidRow,
  OutOfOrderRow,
  Outlier,
  OutlierBand,
  SessionKind,
  SplitJump,
  StaleRun,
  ValidationCounts,
  ValidationReport,
} from "./ohlcv/ValidationReport";
export { fixDuplicates } from "./fix/fixDuplicates";
export type { FixDuplicatesOptions } from "./fix/fixDuplicates";
export { dropInvalid } from "./fix/dropInvalid";
export { fillGaps, SYNTHETIC_COLUMN } from "./fix/fillGaps";
export type { FillGapsOptions } from "./fix/fillGaps";
export type { FixName, FixRecord, FixResult } from "./fix/FixResult";
export { checkLibrary } from "./check/checkLibrary";
export type { CheckLibraryOptions, LibraryCheck, SymbolCheck } from "./check/checkLibrary";
export { REPORTS_LIBRARY, loadReports, saveReports } from "./check/reportsTable";
export type { SavedCheck } from "./check/reportsTable";
export { ohlcvWriteCheck } from "./ohlcvWriteCheck";
export type { OhlcvWriteCheck, OhlcvWriteCheckOptions, WriteCheckFinding } from "./ohlcvWriteCheck";
export { collectCheck } from "./collect/collectCheck";
export type { CollectCheckOptions } from "./collect/collectCheck";
export { repairGaps } from "./collect/repairGaps";
export type { GapRepair, RepairGapsOptions } from "./collect/repairGaps";
export { checkFreshness } from "./freshness/checkFreshness";
export type { FreshnessOptions, SymbolFreshness } from "./freshness/checkFreshness";
