/**
 * Every TypeScript block of the README and of each docs/ page runs in a real quantlab kernel as one cell,
 * the way a reader pastes it into a notebook: not wrapped in a function, imports and top-level awaits as
 * written. The blocks of one page share a kernel (a later block may use what an earlier one defined, as
 * in a notebook) and a fresh, empty store (QUANTLAB_STORE). Any error, or anything on stderr, fails.
 *
 * The blocks that fetch from Binance, Bybit and Yahoo run offline: a first cell, not from the docs,
 * points the kernel's `fetch` for those hosts at the local stand-in of test/providers, which answers in
 * each provider's documented format. The blocks themselves run as written.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DAY, FakeProviders, startFakeProviders } from "../providers/fakeProviders";
import { CellRun, cellProblem, runCells } from "../notebooks/kernelCells";
import { DocBlock, docPages, tsBlocks } from "./pages";

const stores = fs.mkdtempSync(path.join(os.tmpdir(), "quantlab-doc-cells-"));
afterAll(() => fs.rmSync(stores, { recursive: true, force: true }));

/** The first cell of a page that fetches from providers: their hosts are served by `url`. */
function offlineProviders(url: string): string {
  return [
    "const providerFetch = globalThis.fetch;",
    "globalThis.fetch = ((input: string | URL, init?: RequestInit) =>",
    `  providerFetch(String(input).replace(/^https:\\/\\/(api\\.binance\\.com|api\\.bybit\\.com|query1\\.finance\\.yahoo\\.com)/, ${JSON.stringify(url)}), init)) as typeof fetch;`,
  ].join("\n");
}

/** An answer of Yahoo's quoteSummary for AAPL (its documented shape: numbers as { raw, fmt }). */
const QUOTE_SUMMARY = JSON.stringify({
  quoteSummary: {
    result: [{ price: { currency: "USD", marketCap: { raw: 2.95e12, fmt: "2.95T" } }, summaryDetail: { trailingPE: { raw: 31.2, fmt: "31.20" } }, assetProfile: { sector: "Technology" } }],
    error: null,
  },
});

const pages = docPages();
/** Kernels running at once. */
const KERNELS_AT_ONCE = 2;
const blocks = pages.flatMap(tsBlocks);

describe("the README's and docs/ pages' blocks as notebook cells", () => {
  it("finds the TypeScript blocks of every page", () => {
    expect(blocks.length).toBeGreaterThanOrEqual(25);
    for (const page of ["README.md", "docs/store.md", "docs/queries.md", "docs/backtests.md"]) {
      expect(blocks.some((b) => b.page === page), `${page} has TypeScript blocks`).toBe(true);
    }
  });

  const runs = new Map<DocBlock, CellRun>();
  let fake: FakeProviders;
  afterAll(() => fake?.close());
  beforeAll(async () => {
    fake = await startFakeProviders();
    fake.listings.set("BTCUSDT", { from: Date.parse("2024-01-01"), to: Date.now() + DAY });
    fake.listings.set("AAPL", { from: Date.parse("2019-01-02"), to: Date.now() + DAY }); // docs/data-in.md collects AAPL from Yahoo
    fake.failNext("/v10/finance/quoteSummary/AAPL", { status: 200, body: QUOTE_SUMMARY });
    const runPage = async (page: string) => {
      const own = blocks.filter((b) => b.page === page);
      const setup = own.some((b) => /\b(collect|fundamentals|fetchWithFailover)\(/.test(b.code)) ? [offlineProviders(fake.url)] : [];
      const store = fs.mkdtempSync(path.join(stores, "store-"));
      const cells = await runCells([...setup, ...own.map((b) => b.code)], { env: { QUANTLAB_STORE: store } });
      for (const cell of cells.slice(0, setup.length)) expect(cellProblem(cell), `setup of ${page}`).toBe("");
      own.forEach((b, i) => runs.set(b, cells[setup.length + i]));
    };
    // Pages run KERNELS_AT_ONCE at a time, each in its own kernel: vitest runs one test file at a time on a
    // 2-core machine, and a kernel spends most of its start-up on one core.
    const queue = pages.filter((page) => blocks.some((b) => b.page === page));
    await Promise.all(
      Array.from({ length: KERNELS_AT_ONCE }, async () => {
        for (let page = queue.shift(); page !== undefined; page = queue.shift()) await runPage(page);
      }),
    );
  }, 1_200_000);

  for (const block of blocks) {
    it(`runs ${block.page}:${block.line} (${block.section || "top"}) as a cell`, () => {
      const run = runs.get(block);
      expect(run, "the block's cell ran").toBeDefined();
      expect(cellProblem(run!), `${block.page}:${block.line}\n${block.code}`).toBe("");
    });
  }
});
