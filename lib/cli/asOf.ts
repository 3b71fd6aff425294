import { parseIsoUs } from "../frame";
import { AsOf } from "../store";
import { OptionSpec } from "./command";
import { UsageError } from "./UsageError";

/** `--as-of`, shared by read and describe. */
export const AS_OF_OPTION: OptionSpec = {
  name: "as-of",
  type: "string",
  value: "V|SNAPSHOT|TIME",
  help: "which version: a number (negative counts back from the latest), an ISO time (latest at or before it) or a snapshot name",
};

/**
 * Reads `--as-of`: a whole number is a version (negative counts back from the latest), an ISO-8601
 * date or date-time is a time (the latest version at or before it; no zone means UTC), anything else
 * is a snapshot name.
 */
export function parseAsOf(text: string | undefined): AsOf | undefined {
  if (text === undefined) return undefined;
  if (/^-?\d+$/.test(text)) return Number(text);
  const us = parseIsoUs(text);
  return Number.isNaN(us) ? text : new Date(Math.floor(us / 1000));
}

/** Checks that `--start`/`--end` is an ISO-8601 date or date-time and returns it unchanged. */
export function parseTimeOption(text: string | undefined, option: string, usage: string): string | undefined {
  if (text === undefined) return undefined;
  if (Number.isNaN(parseIsoUs(text))) {
    throw new UsageError(`--${option} must be an ISO-8601 date or date-time such as 2024-01-31 or 2024-01-31T14:30:00Z, got '${text}'`, { usage });
  }
  return text;
}
