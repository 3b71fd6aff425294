/** Data in: synthetic sample bars (file import and provider collectors come with the data issue). */
export type { GenerateBarsOptions, GenerateUniverseOptions } from "./generateBars";
export { generateBars } from "./generateBars";
export { applyActions } from "./applyActions";
export { seededRandom, normalFrom } from "./random";
export { DEMO_LIBRARY, openDemo } from "./openDemo";
export type { OpenDemoOptions } from "./openDemo";
export * from "./import";
export * from "./providers";
export * from "./fundamentals";
