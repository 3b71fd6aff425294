/** Vitest set-up for the stand-in providers; kept apart from fakeProviders.ts, which benchmarks import without vitest. */
import { afterEach, beforeEach } from "vitest";
import { FakeProviders, Listing, startFakeProviders } from "./fakeProviders";

/**
 * Starts the stand-in providers before each test of the file (or `describe` block) and closes them after,
 * whatever the test did; `bind` receives each test's server, `listings` are set on it before the test.
 */
export function useFakeProviders(bind: (fake: FakeProviders) => void, listings: Record<string, Listing> = {}): void {
  let fake: FakeProviders | undefined;
  beforeEach(async () => {
    fake = await startFakeProviders();
    for (const [symbol, listing] of Object.entries(listings)) fake.listings.set(symbol, listing);
    bind(fake);
  });
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });
}
