import { QuantlabError } from "../errors";
import type { ErrorDetails } from "../errors";

/** Raised by {@link checkTimezone}: the message says what is wrong with the name, without a prefix. */
export class TimezoneError extends QuantlabError {
  readonly code = "INVALID_TIMEZONE";
  /** The name that was given. */
  readonly timezone: string;

  constructor(message: string, details: ErrorDetails & { timezone: string }) {
    super(message, details);
    this.timezone = details.timezone;
  }
}

/**
 * The one time-zone check of quantlab (job schedules, resample time zones).
 *
 * Checks an IANA time-zone name ("America/New_York", "Europe/London", "UTC") against the zone database
 * the JavaScript runtime carries (ICU's copy of IANA tzdata). Spelling must be exact: "america/new_york"
 * is refused with the right spelling suggested, abbreviations and POSIX rules ("EST5") are refused.
 * @returns the name, unchanged.
 * @throws TimezoneError whose message says what is wrong (the caller prefixes it with its component).
 * @example checkTimezone("America/New_York") // "America/New_York"
 */
export function checkTimezone(name: string): string {
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat("en-US", { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    throw new TimezoneError(`must be an IANA name such as "America/New_York" or "UTC", got '${name}'`, { timezone: name });
  }
  const known = knownZones();
  if (known.has(name) || name === resolved) return name;
  const folded = name.toLowerCase();
  for (const zone of known) {
    if (zone.toLowerCase() === folded) throw new TimezoneError(`must be an IANA name spelled exactly, got '${name}' (did you mean '${zone}'?)`, { timezone: name });
  }
  // Accepted by the runtime under another spelling but not a canonical zone: a link such as "US/Eastern"
  // or "EST5EDT". Those are IANA names too when each part starts with a capital as the database spells them.
  if (/^[A-Z][A-Za-z0-9_+-]*(\/[A-Z][A-Za-z0-9_+-]*)*$/.test(name)) return name;
  throw new TimezoneError(`must be an IANA name spelled as the zone database does (e.g. '${resolved}'), got '${name}'`, { timezone: name });
}

let zones: Set<string> | null = null;
function knownZones(): Set<string> {
  if (!zones) {
    const list = (Intl as unknown as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.("timeZone") ?? [];
    zones = new Set([...list, "UTC", "Etc/UTC", "GMT", "Etc/GMT"]);
  }
  return zones;
}
