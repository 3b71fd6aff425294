/**
 * Portfolio backtests: one strategy over several symbols sharing one cash account, on the union of
 * their timelines, with portfolio statistics and a per-symbol breakdown.
 */
export type { PortfolioData } from "./alignBars";
export type { PortfolioAllocation } from "./runPortfolio";
export type { PortfolioOptions, PortfolioResult } from "./portfolioBacktest";
export { portfolioBacktest } from "./portfolioBacktest";
export type { ReadPortfolioBarsOptions } from "./readPortfolioBars";
export { readPortfolioBars } from "./readPortfolioBars";
