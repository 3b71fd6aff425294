import { Table } from "../../frame";
import { createProvider, ProviderOptionsByName } from "./createProvider";
import { FetchBarsOptions, MarketDataProvider, ProviderName } from "./MarketDataProvider";
import { resolveRange } from "./parseFields";
import { ProviderError } from "./ProviderError";
import { classifySymbol, PROVIDERS_BY_CLASS } from "./symbolClass";

/** Options of {@link fetchWithFailover}. */
export interface FailoverOptions extends FetchBarsOptions {
  /** Providers to try in order, by name or as adapters. @default by the symbol's class ({@link PROVIDERS_BY_CLASS}) */
  providers?: readonly (ProviderName | MarketDataProvider)[];
  /** Options of the adapters created by name (base URLs, limits, injected sleep). @default {} */
  providerOptions?: ProviderOptionsByName;
}

/** The bars and where they came from. */
export interface FailoverResult {
  table: Table;
  /**
   * The corporate actions of the range (timestamp, dividend, split) from a provider that reports them
   * (Yahoo); null when the source does not (crypto exchanges).
   */
  actions: Table | null;
  /** The provider whose answer this is. */
  source: string;
  /** Errors of the providers tried before it, in order. */
  failures: ProviderError[];
}

/**
 * Fetches [start, end) from the first provider that answers completely: a provider that fails at any page
 * is dropped with all of its pages and the next one fetches the whole range, so a result always has one
 * source. An interval one provider lacks (Bybit has no 8h) counts as that provider's failure; an unknown
 * interval or a bad range is thrown at once.
 * @throws ProviderError ALL_PROVIDERS_FAILED with each provider's error in `failures`.
 * @example const { table, source } = await fetchWithFailover("BTCUSDT", { interval: "1h", start: "2024-01-01" })
 */
export async function fetchWithFailover(symbol: string, options: FailoverOptions): Promise<FailoverResult> {
  const list = options.providers ?? PROVIDERS_BY_CLASS[classifySymbol(symbol)];
  if (list.length === 0) throw new ProviderError(`collect: 'providers' is empty for ${symbol}`, { code: "INVALID_OPTIONS", provider: "collect", attempts: 0 });
  resolveRange("collect", options, Date.now()); // a bad interval or range is the caller's, not a provider's failure
  const providers = list.map((p) => (typeof p === "string" ? createProvider(p, options.providerOptions) : p));
  const failures: ProviderError[] = [];
  for (const provider of providers) {
    try {
      if (provider.fetchBarsWithActions) {
        const { bars, actions } = await provider.fetchBarsWithActions(symbol, options);
        return { table: bars, actions, source: provider.name, failures };
      }
      const table = await provider.fetchBars(symbol, options);
      return { table, actions: null, source: provider.name, failures };
    } catch (error) {
      if (!(error instanceof ProviderError)) throw error;
      failures.push(error);
    }
  }
  const summary = failures.map((e) => `${e.provider}: ${e.code}${e.status ? ` (HTTP ${e.status})` : ""} after ${e.attempts} attempt(s)`).join("; ");
  throw new ProviderError(`collect: every provider failed for ${symbol}: ${summary}`, { code: "ALL_PROVIDERS_FAILED", provider: "collect", failures, attempts: failures.reduce((n, e) => n + e.attempts, 0) });
}
