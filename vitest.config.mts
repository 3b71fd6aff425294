import { defineConfig } from "vitest/config";

/**
 * Two lanes. `unit` (npm run test:unit): in-process tests of lib/ and the reference models, no child
 * process, no Jupyter, no browser; a set-up file makes any child process an error there, so this list
 * cannot silently go stale. `system`: everything that starts processes (job scripts, the CLI, Python
 * oracles, Jupyter kernels, Chromium, crash loops), and the long randomised soak of the store against its
 * reference model. `npm test` runs both.
 */
const SYSTEM = [
  "test/notebooks/**/*.test.ts",
  "test/concurrency/**/*.test.ts",
  "test/cli/**/*.test.ts",
  "test/package/**/*.test.ts",
  "test/jobs/**/*.test.ts",
  "test/oracle/**/*.test.ts",
  "test/docs/cells.test.ts",
  "test/docs/*Example*.test.ts",
  "test/**/cli.test.ts",
  "test/**/*.oracle.test.ts",
  "test/**/*pandas*.test.ts",
  "test/providers/jobs.test.ts",
  "test/backtest/optimize.test.ts",
  "test/backtest/optimizeSweeps.test.ts",
  "test/backtest/reference.test.ts",
  "test/query/crossLibrary.test.ts",
  "test/store/stagingExit.test.ts",
  "test/store/diskFull.test.ts",
  "test/store/model.test.ts",
  "lib/jobs/spawnScript.test.ts",
  "lib/jobs/runLock.test.ts",
];
const ALL = ["lib/**/*.test.ts", "test/**/*.test.ts"];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    reporters: ["default", "./test/summaryReporter.ts"],
    projects: [
      // isolate: false: the unit files of a worker share one module graph, so lib/ and DuckDB's binding are
      // loaded once per worker rather than once per file (most of the lane's time before). Unit tests leave no
      // state behind them: stores are closed and options, env and cwd are restored in their hooks.
      { extends: true, test: { name: "unit", include: ALL, exclude: SYSTEM, setupFiles: ["./test/unitLane.ts"], isolate: false } },
      { extends: true, test: { name: "system", include: SYSTEM, globalSetup: ["./test/globalSetup.ts"] } },
    ],
  },
});
