/**
 * `npm start` as a newcomer meets it: the demo store is prepared, and Jupyter Notebook serves notebooks/
 * on localhost with the quantlab kernel as the default, and plotly.js for the chart outputs.
 */
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { afterAll, describe, expect, it } from "vitest";
import { Arctic } from "../../lib";
import { plotlyFile, plotlyServedPath } from "../../lib/display";

const ROOT = path.resolve(__dirname, "..", "..");
const store = fs.mkdtempSync(path.join(os.tmpdir(), "quantlab-start-"));
let child: ChildProcess | undefined;

afterAll(async () => {
  if (child && child.exitCode === null) {
    child.kill("SIGTERM");
    await new Promise((resolve) => child!.once("close", resolve));
  }
  fs.rmSync(store, { recursive: true, force: true });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

describe("npm start", () => {
  it("prepares the demo library and serves notebooks/ with the quantlab kernel", async () => {
    const port = await freePort();
    child = spawn(path.join(ROOT, "node_modules", ".bin", "tsx"), ["kernel/start.ts", "--no-browser", `--port=${port}`], {
      cwd: ROOT,
      env: { ...process.env, QUANTLAB_STORE: store },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let log = "";
    const token = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`Jupyter did not start in 120 s:\n${log}`)), 120_000);
      const onData = (chunk: Buffer) => {
        log += chunk.toString();
        const match = new RegExp(`http://127\\.0\\.0\\.1:${port}/\\?token=([0-9a-f]+)`).exec(log);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      };
      child!.stdout!.on("data", onData);
      child!.stderr!.on("data", onData);
      child!.once("close", (code) => reject(new Error(`npm start exited with ${code}:\n${log}`)));
    });
    expect(log).toContain("preparing the demo library: AAPL");

    const api = async (p: string) => (await fetch(`http://127.0.0.1:${port}${p}?token=${token}`)).json();
    const specs = (await api("/api/kernelspecs")) as { default: string; kernelspecs: Record<string, { spec: { display_name: string } }> };
    expect(specs.default).toBe("quantlab");
    expect(specs.kernelspecs.quantlab.spec.display_name).toBe("quantlab (TypeScript)");
    const contents = (await api("/api/contents")) as { content: { name: string }[] };
    expect(contents.content.map((c) => c.name)).toContain("explore.ipynb");
    const served = await fetch(`http://127.0.0.1:${port}/${plotlyServedPath()}`);
    expect(served.status, plotlyServedPath()).toBe(200);
    expect(await served.text()).toBe(fs.readFileSync(plotlyFile().file, "utf8"));

    child.kill("SIGTERM");
    await new Promise((resolve) => child!.once("close", resolve));
    const ac = await Arctic.open(`duckdb://${store}`);
    try {
      const demo = await ac.getLibrary("demo");
      expect((await demo.listSymbols()).sort()).toEqual(["AAPL", "BTCUSD", "MSFT"]);
      expect((await demo.listVersions("AAPL")).map((v) => v.version)).toEqual([0]);
    } finally {
      await ac.close();
    }
  }, 180_000);
});
