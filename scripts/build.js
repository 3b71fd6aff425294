#!/usr/bin/env node
// @ts-check
/**
 * Builds dist/, what the installed package runs: CommonJS bundles of lib/ made by esbuild (npm packages
 * stay outside, required from node_modules) and, with --declarations, lib/'s type declarations made by
 * TypeScript 5.0 (the oldest compiler a user may have, tslab's).
 *
 *   dist/index.js           the library: `require("quantlab")`, `import { Arctic } from "quantlab"`
 *   dist/cli.js             the command line (bin/quantlab)
 *   dist/optimizeWorker.js  the worker of parameter sweeps
 *   dist/types/**.d.ts      declarations, dist/types/index.d.ts first
 *   dist/build.json         the sources and their modification times, for isFresh()
 *
 * `npm run build` and `prepack` (run by `npm pack`) build everything; `prepare` (run by `npm ci` and
 * `npm install` in a checkout) builds the bundles only, the declarations taking half a minute;
 * bin/quantlab calls ensureFresh() in a checkout, which rebuilds the bundles (about half a second)
 * when a source changed since the last build. Plain JavaScript, so that bin/quantlab needs no compiler.
 */
"use strict";
const fs = require("fs");
const path = require("path");
const { spawnSync } = require("child_process");

const ROOT = path.resolve(__dirname, "..");
const DIST = path.join(ROOT, "dist");
const STAMP = path.join(DIST, "build.json");
/** Output name -> entry source. */
const ENTRIES = { index: "lib/index.ts", cli: "lib/cli/main.ts", optimizeWorker: "lib/backtest/optimizeWorker.ts" };

/** The sources of the last build with their sizes and modification times, or null. */
function readStamp() {
  try {
    return JSON.parse(fs.readFileSync(STAMP, "utf8"));
  } catch {
    return null;
  }
}

/** A source's identity for freshness: size and modification time, or null when it is gone. */
function fileMark(rel) {
  try {
    const stat = fs.statSync(path.join(ROOT, rel));
    return `${stat.size}:${Math.round(stat.mtimeMs)}`;
  } catch {
    return null;
  }
}

/** True when every bundle exists and no source it was built from has changed since. */
function isFresh() {
  const stamp = readStamp();
  if (!stamp || !stamp.inputs) return false;
  for (const name of Object.keys(ENTRIES)) if (!fs.existsSync(path.join(DIST, name + ".js"))) return false;
  for (const [rel, mark] of Object.entries(stamp.inputs)) if (fileMark(rel) !== mark) return false;
  return true;
}

/**
 * Bundles the entries into dist/. Written into a private folder first and renamed into place file by
 * file, so a process starting meanwhile reads either the old file or the new one, never half of one.
 */
function buildBundles() {
  const esbuild = require("esbuild");
  const staging = path.join(DIST, `.staging-${process.pid}`);
  fs.rmSync(staging, { recursive: true, force: true });
  try {
    const result = esbuild.buildSync({
      absWorkingDir: ROOT,
      entryPoints: ENTRIES,
      outdir: staging,
      bundle: true,
      platform: "node",
      format: "cjs",
      target: "node20",
      packages: "external",
      metafile: true,
      logLevel: "error",
    });
    const inputs = {};
    for (const rel of Object.keys(result.metafile.inputs).sort()) inputs[rel] = fileMark(rel);
    fs.writeFileSync(path.join(staging, "build.json"), JSON.stringify({ inputs }, null, 1) + "\n");
    for (const name of fs.readdirSync(staging)) fs.renameSync(path.join(staging, name), path.join(DIST, name));
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/**
 * Rebuilds the bundles when they are missing or stale. When the rebuild fails (a syntax error being
 * typed, a read-only checkout) and bundles exist, says so on stderr and keeps the old ones.
 */
function ensureFresh() {
  if (isFresh()) return;
  try {
    fs.mkdirSync(DIST, { recursive: true });
    buildBundles();
  } catch (error) {
    if (!fs.existsSync(path.join(DIST, "cli.js"))) throw error;
    process.stderr.write(`quantlab: could not rebuild dist/ from lib/, running the previous build: ${error instanceof Error ? error.message.split("\n")[0] : error}\n`);
  }
}

/** lib/'s declarations into dist/types with TypeScript 5.0 (tsconfig.build.json); throws when tsc fails. */
function buildDeclarations() {
  const tsc = require.resolve("typescript50/bin/tsc", { paths: [ROOT] });
  fs.rmSync(path.join(DIST, "types"), { recursive: true, force: true });
  const run = spawnSync(process.execPath, [tsc, "-p", path.join(ROOT, "tsconfig.build.json")], { cwd: ROOT, stdio: "inherit" });
  if (run.status !== 0) throw new Error(`scripts/build.js: tsc exited with ${run.status} while writing dist/types`);
}

module.exports = { ensureFresh, isFresh, buildBundles, buildDeclarations, DIST };

if (require.main === module) {
  fs.mkdirSync(DIST, { recursive: true });
  buildBundles();
  if (!process.argv.includes("--no-declarations")) buildDeclarations();
}
