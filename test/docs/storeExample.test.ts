import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { describe, expect, it } from "vitest";
import { ROOT, sectionBlocks } from "./pages";

describe("docs/store.md", () => {
  it("the store tour runs as written, against a fresh store", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ql-doc-store-"));
    try {
      const body = sectionBlocks("docs/store.md", "In five minutes")[0].replace(/^import .*$/m, "");
      const script = path.join(dir, "tour.ts");
      fs.writeFileSync(
        script,
        `import { Arctic } from ${JSON.stringify(path.join(ROOT, "lib"))};\n` +
          `async function main() {\n${body}\n` +
          `  const versions = await lib.listVersions("AAPL");\n` +
          `  console.log(JSON.stringify({ versions: versions.map((v) => [v.version, v.deleted, v.snapshots]), latest: (await lib.read("AAPL")).data.objects() }));\n` +
          `  await ac.close();\n}\nmain().catch((e) => { console.error(e); process.exit(1); });\n`,
      );
      const out = execFileSync(process.execPath, ["--import", "tsx", script], {
        cwd: ROOT,
        env: { ...process.env, QUANTLAB_STORE: path.join(dir, "store") },
        encoding: "utf8",
      });
      const result = JSON.parse(out.trim().split("\n").pop()!);
      // write, append, update -> versions 0..2; version 0 deleted but held by the snapshot.
      expect(result.versions).toEqual([
        [2, false, []],
        [1, false, []],
        [0, true, ["first-load"]],
      ]);
      expect(result.latest.map((r: { close: number }) => r.close)).toEqual([185.6, 184.25, 181.9]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
