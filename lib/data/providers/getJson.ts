import { ProviderError } from "./ProviderError";
import { parseRetryAfter } from "./retryAfter";
import { redactUrl } from "./redactUrl";

/** Options of {@link getJson}. */
export interface GetJsonOptions {
  /** Provider name, for errors. */
  provider: string;
  /** Request headers (API keys go here, never into the URL). @default {} */
  headers?: Record<string, string>;
  /** Abort the request after this long. @default 10000 */
  timeoutMs?: number;
  /** Clock for Retry-After dates. @default Date.now */
  now?: () => number;
  /** Reads a provider's error message from an error body (e.g. Binance's `{ code, msg }`). */
  describeError?: (body: unknown) => string | undefined;
}

/** A provider's answer: status, headers and the parsed JSON body. */
export interface JsonResponse {
  status: number;
  headers: Headers;
  body: unknown;
}

/**
 * GET `url` with the global fetch and parse the JSON body, turning every failure into a
 * {@link ProviderError}: 429 RATE_LIMITED and 418/403 BANNED (with Retry-After), 5xx SERVER_ERROR, other
 * non-2xx REQUEST_REJECTED (with the provider's message), no answer in time TIMEOUT, a failed connection
 * NETWORK, a body that is not JSON MALFORMED. Error messages carry the URL without credentials.
 * @example const { body } = await getJson("https://api.binance.com/api/v3/klines?symbol=BTCUSDT&interval=1h", { provider: "binance" })
 */
export async function getJson(url: string, options: GetJsonOptions): Promise<JsonResponse> {
  const { provider, headers = {}, timeoutMs = 10_000, now = Date.now } = options;
  const shown = redactUrl(url);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, { headers: { accept: "application/json", ...headers }, signal: controller.signal });
    text = await response.text();
  } catch (error) {
    if (controller.signal.aborted) {
      throw new ProviderError(`${provider}: no answer within ${timeoutMs} ms from ${shown}`, { code: "TIMEOUT", provider, url: shown, cause: error });
    }
    const reason = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    throw new ProviderError(`${provider}: the request to ${shown} failed (${reason})`, { code: "NETWORK", provider, url: shown, cause: error });
  } finally {
    clearTimeout(timer);
  }
  const status = response.status;
  let body: unknown;
  let parsed = true;
  try {
    body = text === "" ? undefined : JSON.parse(text);
  } catch {
    parsed = false;
  }
  if (status >= 200 && status < 300) {
    if (!parsed || body === undefined) {
      throw new ProviderError(`${provider}: the answer from ${shown} is not JSON: ${snippet(text)}`, { code: "MALFORMED", provider, status, url: shown });
    }
    return { status, headers: response.headers, body };
  }
  const retryAfterMs = parseRetryAfter(response.headers.get("retry-after"), now());
  const detail = (parsed && options.describeError?.(body)) || snippet(text);
  const context = { provider, status, url: shown, retryAfterMs };
  const wait = retryAfterMs === undefined ? "" : `; retry after ${retryAfterMs} ms`;
  if (status === 429) throw new ProviderError(`${provider}: rate limited (HTTP 429) at ${shown}${wait}: ${detail}`, { code: "RATE_LIMITED", ...context });
  if (status === 418 || status === 403) {
    throw new ProviderError(`${provider}: this IP is banned or refused (HTTP ${status}) at ${shown}${wait}: ${detail}`, { code: "BANNED", ...context });
  }
  if (status >= 500) throw new ProviderError(`${provider}: server error (HTTP ${status}) at ${shown}: ${detail}`, { code: "SERVER_ERROR", ...context });
  throw new ProviderError(`${provider}: the request was rejected (HTTP ${status}) at ${shown}: ${detail}`, { code: "REQUEST_REJECTED", ...context });
}

/** The first 200 characters of a body, on one line. */
function snippet(text: string): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line === "" ? "(empty body)" : line.length > 200 ? `'${line.slice(0, 200)}...'` : `'${line}'`;
}
