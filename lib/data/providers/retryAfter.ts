/**
 * A Retry-After header value in milliseconds: delta-seconds ("120") or an HTTP date (RFC 9110 section 10.2.3);
 * undefined when absent or unreadable. Negative waits become 0.
 * @example parseRetryAfter("2", Date.now()) // 2000
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value === null || value === undefined || value.trim() === "") return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
