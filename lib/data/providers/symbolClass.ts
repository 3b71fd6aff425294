import { ProviderName } from "./MarketDataProvider";

/** The classes of symbols the collectors tell apart. */
export type SymbolClass = "crypto" | "equity";

/** Quote assets that mark an exchange pair such as BTCUSDT or ETHBTC. */
const CRYPTO_QUOTES = /^[A-Z0-9]{2,}(USDT|USDC|FDUSD|BUSD|TUSD|DAI|BTC|ETH|BNB)$/;

/** The providers tried, in order, for each class: crypto Binance then Bybit; equities Yahoo. */
export const PROVIDERS_BY_CLASS: Record<SymbolClass, readonly ProviderName[]> = {
  crypto: ["binance", "bybit"],
  equity: ["yahoo"],
};

/**
 * The class of a symbol: "crypto" for an exchange pair ending in a quote asset (BTCUSDT, ETHBTC),
 * "equity" otherwise (AAPL, BRK-B, SAP.DE, ^GSPC).
 * @example classifySymbol("BTCUSDT") // "crypto"
 */
export function classifySymbol(symbol: string): SymbolClass {
  return CRYPTO_QUOTES.test(symbol) ? "crypto" : "equity";
}
