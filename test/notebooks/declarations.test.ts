import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterAll, describe, expect, it } from "vitest";
import { declarationsFresh, prepareDeclarations, serveDeclarations, sourcesStamp, TYPES_DIR } from "../../kernel/declarations";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "quantlab-decl-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("lib/ declarations for the kernel", () => {
  it("are generated for lib/index.ts and found fresh afterwards", () => {
    expect(prepareDeclarations(() => undefined)).toBe(true);
    expect(declarationsFresh()).toBe(true);
    const index = fs.readFileSync(path.join(TYPES_DIR, "lib", "index.d.ts"), "utf8");
    expect(index).toContain('export { Arctic, defaultStoreLocation, defaultStorePath, findProjectRoot, Library } from "./store";');
    expect(fs.existsSync(path.join(TYPES_DIR, "lib", "store", "Library.d.ts"))).toBe(true);
  });

  it("have a stamp that changes when a source is added, edited or removed, and not when one is only touched", () => {
    const src = path.join(dir, "src");
    fs.mkdirSync(path.join(src, "sub"), { recursive: true });
    fs.writeFileSync(path.join(src, "a.ts"), "export const a = 1;\n");
    const first = sourcesStamp(src);
    fs.writeFileSync(path.join(src, "sub", "b.ts"), "export const b = 2;\n");
    const added = sourcesStamp(src);
    fs.writeFileSync(path.join(src, "a.ts"), "export const a = 10;\n");
    fs.utimesSync(path.join(src, "a.ts"), new Date(), new Date(Date.now() + 5_000));
    const edited = sourcesStamp(src);
    fs.rmSync(path.join(src, "sub", "b.ts"));
    const removed = sourcesStamp(src);
    expect(new Set([first, added, edited, removed]).size).toBe(4);
    fs.writeFileSync(path.join(src, "notes.md"), "not a source");
    expect(sourcesStamp(src)).toBe(removed);
    fs.utimesSync(path.join(src, "a.ts"), new Date(), new Date(Date.now() + 60_000));
    expect(sourcesStamp(src)).toBe(removed);
    fs.renameSync(path.join(src, "a.ts"), path.join(src, "c.ts"));
    expect(sourcesStamp(src)).not.toBe(removed);
  });

  it("are served in place of the sources: .d.ts read from the types folder, .ts hidden, other paths untouched", () => {
    const files: Record<string, string> = { "/types/lib/index.d.ts": "declare const x: number;", "/other/a.ts": "a" };
    const sys = { fileExists: (p: string) => p in files, readFile: (p: string) => files[p] };
    serveDeclarations({ sys }, { lib: "/proj/lib", types: "/types/lib" });
    expect(sys.fileExists("/proj/lib/index.ts")).toBe(false);
    expect(sys.fileExists("/proj/lib/index.d.ts")).toBe(true);
    expect(sys.readFile("/proj/lib/index.d.ts")).toBe("declare const x: number;");
    expect(sys.fileExists("/proj/lib/store/index.d.ts")).toBe(false);
    expect(sys.fileExists("/other/a.ts")).toBe(true);
  });

  it("are served only once ready: until then the compiler sees lib/'s sources", () => {
    const files: Record<string, string> = { "/types/lib/index.d.ts": "declare const x: number;", "/proj/lib/index.ts": "export const x = 1;" };
    const sys = { fileExists: (p: string) => p in files, readFile: (p: string) => files[p] };
    let ready = false;
    serveDeclarations({ sys }, { lib: "/proj/lib", types: "/types/lib" }, () => ready);
    expect(sys.fileExists("/proj/lib/index.ts")).toBe(true);
    expect(sys.fileExists("/proj/lib/index.d.ts")).toBe(false);
    ready = true;
    expect(sys.fileExists("/proj/lib/index.ts")).toBe(false);
    expect(sys.readFile("/proj/lib/index.d.ts")).toBe("declare const x: number;");
  });
});
