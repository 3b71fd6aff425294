import { BinanceOptions, binanceProvider } from "./binance";
import { BybitOptions, bybitProvider } from "./bybit";
import { MarketDataProvider, ProviderName } from "./MarketDataProvider";
import { ProviderError } from "./ProviderError";
import { YahooOptions, yahooProvider } from "./yahoo";

/** Options per provider name, for {@link createProvider} and collect's `providerOptions`. */
export interface ProviderOptionsByName {
  binance?: BinanceOptions;
  bybit?: BybitOptions;
  yahoo?: YahooOptions;
}

/** The provider names with an adapter. */
export const PROVIDER_NAMES: readonly ProviderName[] = ["binance", "bybit", "yahoo"];

/**
 * The adapter of a provider by name.
 * @throws ProviderError INVALID_OPTIONS for an unknown name.
 * @example createProvider("bybit", { bybit: { baseUrl: "http://127.0.0.1:8080" } })
 */
export function createProvider(name: string, options: ProviderOptionsByName = {}): MarketDataProvider {
  switch (name) {
    case "binance":
      return binanceProvider(options.binance);
    case "bybit":
      return bybitProvider(options.bybit);
    case "yahoo":
      return yahooProvider(options.yahoo);
    default:
      throw new ProviderError(`collect: unknown provider '${name}'; known: ${PROVIDER_NAMES.join(", ")}`, { code: "INVALID_OPTIONS", provider: name, attempts: 0 });
  }
}
