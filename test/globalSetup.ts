/**
 * Before any test: the system tools the tests need (Jupyter for the kernel, Chromium for the report
 * screenshot, Debian's pandas as the oracle of the parity property tests) are found or, on Debian as
 * root, installed; the quantlab kernel spec is written. Missing tools fail the run here with the command
 * that installs them, not halfway through it.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import { ensureJupyter, jupyterInstructions } from "../kernel/jupyter";
import { prepareDeclarations } from "../kernel/declarations";
import { installKernelSpec } from "../kernel/kernelSpec";

function hasChromium(): boolean {
  return spawnSync("chromium", ["--version"], { stdio: "ignore" }).status === 0;
}

function hasPandas(): boolean {
  return spawnSync("/usr/bin/python3", ["-c", "import pandas"], { stdio: "ignore" }).status === 0;
}

/** apt-get installs `packages` when this is Debian and we are root; otherwise does nothing. */
function aptInstall(packages: string[]): void {
  const root = typeof process.getuid === "function" && process.getuid() === 0;
  if (!root || !fs.existsSync("/etc/debian_version")) return;
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  spawnSync("apt-get", ["update"], { stdio: "inherit", env });
  spawnSync("apt-get", ["install", "-y", "--no-install-recommends", ...packages], { stdio: "inherit", env });
}

export default function setup(): void {
  if (!ensureJupyter()) throw new Error(`the notebook tests need Jupyter.\n${jupyterInstructions()}`);
  const missing = [...(hasChromium() ? [] : ["chromium"]), ...(hasPandas() ? [] : ["python3-pandas"])];
  if (missing.length > 0) aptInstall(missing);
  if (!hasChromium()) {
    throw new Error("the report test needs Chromium: sudo apt-get install -y --no-install-recommends chromium (Debian), or put a `chromium` on PATH");
  }
  if (!hasPandas()) {
    throw new Error("the parity tests need pandas under /usr/bin/python3: sudo apt-get install -y --no-install-recommends python3-pandas (Debian)");
  }
  installKernelSpec();
  prepareDeclarations();
}
