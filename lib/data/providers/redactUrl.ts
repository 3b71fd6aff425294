/** Query parameters whose values are credentials. */
const SECRET_PARAMS = /^(api[-_]?key|apikey|key|token|access[-_]?token|secret|signature|sig|password|crumb)$/i;

/**
 * The URL with credential values replaced by "REDACTED" (query parameters named like api_key, token,
 * signature, ...; user:password in the authority), for error messages and logs.
 * @example redactUrl("https://x.test/a?symbol=BTC&apiKey=abc") // "https://x.test/a?symbol=BTC&apiKey=REDACTED"
 */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url.replace(/([?&][^=&]*(?:key|token|secret|signature)[^=&]*=)[^&]*/gi, "$1REDACTED");
  }
  if (parsed.username || parsed.password) {
    parsed.username = "REDACTED";
    parsed.password = "";
  }
  for (const name of [...parsed.searchParams.keys()]) {
    if (SECRET_PARAMS.test(name)) parsed.searchParams.set(name, "REDACTED");
  }
  return parsed.toString();
}
