import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { describe, expect, it } from "vitest";
import { findJupyter } from "../../kernel/jupyter";
import { KERNEL_DISPLAY_NAME, PROJECT_JUPYTER_PATH, PROJECT_ROOT, installKernelSpec, jupyterEnv, kernelSpec } from "../../kernel/kernelSpec";

describe("the quantlab kernel spec", () => {
  it("starts tslab through kernel/launch.js with the connection file Jupyter gives", () => {
    const spec = kernelSpec("/usr/bin/node") as { argv: string[]; display_name: string; language: string };
    expect(spec.argv).toEqual(["/usr/bin/node", path.join(PROJECT_ROOT, "kernel", "launch.js"), "{connection_file}"]);
    expect(spec.display_name).toBe("quantlab (TypeScript)");
    expect(spec.language).toBe("typescript");
  });

  it("is written inside the project, and Jupyter finds it there through JUPYTER_PATH", () => {
    const dir = installKernelSpec();
    expect(dir).toBe(path.join(PROJECT_JUPYTER_PATH, "kernels", "quantlab"));
    const jupyter = findJupyter();
    expect(jupyter, "Jupyter is installed (see .ci/run)").not.toBeNull();
    const script = "import json; from jupyter_client.kernelspec import KernelSpecManager; print(json.dumps(KernelSpecManager().get_all_specs()))";
    const list = spawnSync(jupyter!.python, ["-c", script], { encoding: "utf8", env: jupyterEnv() });
    expect(list.status, list.stderr).toBe(0);
    const specs = JSON.parse(list.stdout) as Record<string, { resource_dir: string; spec: { display_name: string } }>;
    expect(specs.quantlab.resource_dir).toBe(dir);
    expect(specs.quantlab.spec.display_name).toBe(KERNEL_DISPLAY_NAME);
  });

  it("goes to the user's Jupyter only when asked", () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), "quantlab-xdg-"));
    const saved = process.env.XDG_DATA_HOME;
    process.env.XDG_DATA_HOME = home;
    try {
      const dir = installKernelSpec({ user: true, node: "/opt/node/bin/node" });
      expect(dir).toBe(path.join(home, "jupyter", "kernels", "quantlab"));
      expect(JSON.parse(fs.readFileSync(path.join(dir, "kernel.json"), "utf8")).argv[0]).toBe("/opt/node/bin/node");
    } finally {
      if (saved === undefined) delete process.env.XDG_DATA_HOME;
      else process.env.XDG_DATA_HOME = saved;
      fs.rmSync(home, { recursive: true, force: true });
    }
  });
});
