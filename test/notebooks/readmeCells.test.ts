/**
 * Every TypeScript block of the README runs in a real quantlab kernel as one cell, the way a reader
 * pastes it into a notebook: not wrapped in a function, imports and top-level awaits as written. The
 * blocks of one `## section` share a kernel (a later block may use what an earlier one defined, as in
 * a notebook) and a fresh, empty store (QUANTLAB_STORE). Any error, or anything on stderr, fails.
 *
 * The blocks that fetch from Binance, Bybit and Yahoo run offline: a first cell, not from the README,
 * points the kernel's `fetch` for those hosts at the local stand-in of test/providers, which answers in
 * each provider's documented format. The blocks themselves run as written.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DAY, FakeProviders, startFakeProviders } from "../providers/fakeProviders";
import { CellRun, cellProblem, runCells } from "./kernelCells";

const ROOT = path.resolve(__dirname, "..", "..");
const stores = fs.mkdtempSync(path.join(os.tmpdir(), "quantlab-readme-cells-"));
afterAll(() => fs.rmSync(stores, { recursive: true, force: true }));

/** A ```ts block of the README, with the `## section` it is in and its first line in the file. */
interface ReadmeBlock {
  section: string;
  line: number;
  code: string;
}

/** The README's ```ts blocks, in order. */
function readmeBlocks(readme: string): ReadmeBlock[] {
  const blocks: ReadmeBlock[] = [];
  let section = "";
  let open: ReadmeBlock | null = null;
  readme.split("\n").forEach((text, i) => {
    if (open) {
      if (text.startsWith("```")) {
        blocks.push(open);
        open = null;
      } else open.code += text + "\n";
    } else if (text.startsWith("## ")) section = text.slice(3).trim();
    else if (text.trim() === "```ts") open = { section, line: i + 2, code: "" };
  });
  return blocks;
}

/** The first cell of a section that fetches from providers: their hosts are served by `url`. */
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

const blocks = readmeBlocks(fs.readFileSync(path.join(ROOT, "README.md"), "utf8"));
const sections = [...new Set(blocks.map((b) => b.section))];

describe("README blocks as notebook cells", () => {
  it("finds the README's TypeScript blocks", () => {
    expect(blocks.length).toBeGreaterThanOrEqual(20);
    expect(sections).toContain("Backtests (`lib/backtest`)");
  });

  const runs = new Map<ReadmeBlock, CellRun>();
  let fake: FakeProviders;
  afterAll(() => fake?.close());
  beforeAll(async () => {
    fake = await startFakeProviders();
    fake.listings.set("BTCUSDT", { from: Date.parse("2024-01-01"), to: Date.now() + DAY });
    fake.failNext("/v10/finance/quoteSummary/AAPL", { status: 200, body: QUOTE_SUMMARY });
    for (const section of sections) {
      const own = blocks.filter((b) => b.section === section);
      const setup = own.some((b) => /\b(collect|fundamentals|fetchWithFailover)\(/.test(b.code)) ? [offlineProviders(fake.url)] : [];
      const store = fs.mkdtempSync(path.join(stores, "store-"));
      const cells = await runCells([...setup, ...own.map((b) => b.code)], { env: { QUANTLAB_STORE: store } });
      for (const cell of cells.slice(0, setup.length)) expect(cellProblem(cell), `setup of ${section}`).toBe("");
      own.forEach((b, i) => runs.set(b, cells[setup.length + i]));
    }
  }, 900_000);

  for (const block of blocks) {
    it(`runs README.md:${block.line} (${block.section}) as a cell`, () => {
      const run = runs.get(block);
      expect(run, "the block's cell ran").toBeDefined();
      expect(cellProblem(run!), `README.md:${block.line}\n${block.code}`).toBe("");
    });
  }
});
