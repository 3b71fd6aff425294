import { checkTimezone, TimezoneError } from "../market";
import { DisplayError } from "./DisplayError";

/** How tables show their values; set once per notebook with {@link setDisplayOptions}. */
export interface DisplayOptions {
  /**
   * The IANA time zone timestamps are shown in. UTC shows times as they are stored, without an offset;
   * any other zone shows local times with their UTC offset (`2024-01-02 09:30:00-05:00`) and names the
   * zone under the column's name. The data keeps its UTC epoch values. @default "UTC"
   */
  timezone: string;
  /** Rows a table shows when it is a cell's result or shown without `rows` (first half, "…", last half). @default 10 */
  rows: number;
  /**
   * Digits after the decimal point of floats, at most (as pandas' `display.precision`). A column's
   * floats share one number of decimals, the fewest that show each shown value to this precision;
   * values too small or too large for it are written in scientific notation with this many
   * significant digits. The data keeps every bit of the value. @default 6
   */
  precision: number;
}

/** The defaults of {@link DisplayOptions}. */
export const DISPLAY_DEFAULTS: Readonly<DisplayOptions> = Object.freeze({ timezone: "UTC", rows: 10, precision: 6 });

let current: DisplayOptions = { ...DISPLAY_DEFAULTS };

/** The display options in force. */
export function getDisplayOptions(): Readonly<DisplayOptions> {
  return current;
}

/**
 * Sets how tables show times, rows and floats, for the rest of the process (the notebook's kernel).
 * Options not given keep their current value; `setDisplayOptions(DISPLAY_DEFAULTS)` restores the defaults.
 * @returns the options now in force.
 * @throws DisplayError ("INVALID_OPTION") naming the option, for an unknown time zone, a row count that is
 *   not a positive integer or a precision outside 0..15.
 * @example setDisplayOptions({ timezone: "America/New_York" });
 */
export function setDisplayOptions(options: Partial<DisplayOptions>): Readonly<DisplayOptions> {
  const next = { ...current };
  if (options.timezone !== undefined) {
    try {
      next.timezone = checkTimezone(options.timezone);
    } catch (e) {
      if (e instanceof TimezoneError) throw new DisplayError(`setDisplayOptions: 'timezone' ${e.message}`, { code: "INVALID_OPTION" });
      throw e;
    }
  }
  if (options.rows !== undefined) {
    if (!Number.isInteger(options.rows) || options.rows < 1) throw new DisplayError(`setDisplayOptions: 'rows' must be a positive integer, got ${String(options.rows)}`, { code: "INVALID_OPTION" });
    next.rows = options.rows;
  }
  if (options.precision !== undefined) {
    const p = options.precision;
    if (!Number.isInteger(p) || p < 0 || p > 15) throw new DisplayError(`setDisplayOptions: 'precision' must be an integer from 0 to 15, got ${String(p)}`, { code: "INVALID_OPTION" });
    next.precision = p;
  }
  current = next;
  return current;
}
