/**
 * The normalised fundamentals of one ticker: one typed field each, null when the provider has no value.
 * Ratios are fractions (dividendYield 0.005 = 0.5 %), amounts in `currency` (financial statements in
 * `financialCurrency`), counts as plain numbers.
 */
export interface FundamentalsRecord {
  longName: string | null;
  currency: string | null;
  exchange: string | null;
  quoteType: string | null;
  regularMarketPrice: number | null;
  marketCap: number | null;
  enterpriseValue: number | null;
  trailingPE: number | null;
  forwardPE: number | null;
  pegRatio: number | null;
  priceToBook: number | null;
  priceToSales: number | null;
  trailingEps: number | null;
  forwardEps: number | null;
  bookValue: number | null;
  dividendRate: number | null;
  dividendYield: number | null;
  payoutRatio: number | null;
  beta: number | null;
  fiftyTwoWeekHigh: number | null;
  fiftyTwoWeekLow: number | null;
  sharesOutstanding: number | null;
  floatShares: number | null;
  profitMargins: number | null;
  grossMargins: number | null;
  operatingMargins: number | null;
  returnOnEquity: number | null;
  returnOnAssets: number | null;
  revenueGrowth: number | null;
  earningsGrowth: number | null;
  totalRevenue: number | null;
  totalCash: number | null;
  totalDebt: number | null;
  debtToEquity: number | null;
  currentRatio: number | null;
  freeCashflow: number | null;
  targetMeanPrice: number | null;
  recommendationKey: string | null;
  financialCurrency: string | null;
  sector: string | null;
  industry: string | null;
  country: string | null;
  fullTimeEmployees: number | null;
}

/** Name of a {@link FundamentalsRecord} field. */
export type FundamentalField = keyof FundamentalsRecord;

/** Where a field comes from: its type and the quoteSummary `[module, key]` sources, first with a value wins. */
export interface FieldSpec {
  type: "number" | "string";
  from: readonly (readonly [string, string])[];
}

const n = (...from: [string, string][]): FieldSpec => ({ type: "number", from });
const s = (...from: [string, string][]): FieldSpec => ({ type: "string", from });

/**
 * Every field of {@link FundamentalsRecord}, in stored column order, with its quoteSummary sources.
 * @example FUNDAMENTAL_FIELDS.marketCap // { type: "number", from: [["price", "marketCap"], ["summaryDetail", "marketCap"]] }
 */
export const FUNDAMENTAL_FIELDS: Readonly<Record<FundamentalField, FieldSpec>> = {
  longName: s(["price", "longName"], ["price", "shortName"]),
  currency: s(["price", "currency"], ["summaryDetail", "currency"]),
  exchange: s(["price", "exchangeName"], ["price", "exchange"]),
  quoteType: s(["price", "quoteType"]),
  regularMarketPrice: n(["price", "regularMarketPrice"], ["financialData", "currentPrice"]),
  marketCap: n(["price", "marketCap"], ["summaryDetail", "marketCap"]),
  enterpriseValue: n(["defaultKeyStatistics", "enterpriseValue"]),
  trailingPE: n(["summaryDetail", "trailingPE"]),
  forwardPE: n(["summaryDetail", "forwardPE"], ["defaultKeyStatistics", "forwardPE"]),
  pegRatio: n(["defaultKeyStatistics", "pegRatio"]),
  priceToBook: n(["defaultKeyStatistics", "priceToBook"]),
  priceToSales: n(["summaryDetail", "priceToSalesTrailing12Months"]),
  trailingEps: n(["defaultKeyStatistics", "trailingEps"]),
  forwardEps: n(["defaultKeyStatistics", "forwardEps"]),
  bookValue: n(["defaultKeyStatistics", "bookValue"]),
  dividendRate: n(["summaryDetail", "dividendRate"]),
  dividendYield: n(["summaryDetail", "dividendYield"]),
  payoutRatio: n(["summaryDetail", "payoutRatio"]),
  beta: n(["summaryDetail", "beta"], ["defaultKeyStatistics", "beta"]),
  fiftyTwoWeekHigh: n(["summaryDetail", "fiftyTwoWeekHigh"]),
  fiftyTwoWeekLow: n(["summaryDetail", "fiftyTwoWeekLow"]),
  sharesOutstanding: n(["defaultKeyStatistics", "sharesOutstanding"]),
  floatShares: n(["defaultKeyStatistics", "floatShares"]),
  profitMargins: n(["financialData", "profitMargins"], ["defaultKeyStatistics", "profitMargins"]),
  grossMargins: n(["financialData", "grossMargins"]),
  operatingMargins: n(["financialData", "operatingMargins"]),
  returnOnEquity: n(["financialData", "returnOnEquity"]),
  returnOnAssets: n(["financialData", "returnOnAssets"]),
  revenueGrowth: n(["financialData", "revenueGrowth"]),
  earningsGrowth: n(["financialData", "earningsGrowth"]),
  totalRevenue: n(["financialData", "totalRevenue"]),
  totalCash: n(["financialData", "totalCash"]),
  totalDebt: n(["financialData", "totalDebt"]),
  debtToEquity: n(["financialData", "debtToEquity"]),
  currentRatio: n(["financialData", "currentRatio"]),
  freeCashflow: n(["financialData", "freeCashflow"]),
  targetMeanPrice: n(["financialData", "targetMeanPrice"]),
  recommendationKey: s(["financialData", "recommendationKey"]),
  financialCurrency: s(["financialData", "financialCurrency"]),
  sector: s(["assetProfile", "sector"]),
  industry: s(["assetProfile", "industry"]),
  country: s(["assetProfile", "country"]),
  fullTimeEmployees: n(["assetProfile", "fullTimeEmployees"]),
};
