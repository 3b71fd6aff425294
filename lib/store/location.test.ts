import * as fc from "fast-check";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Arctic } from "./Arctic";
import { defaultStoreLocation, findProjectRoot, packageRoot } from "./location";

let dir: string;
const savedCwd = process.cwd();
const savedStore = process.env.QUANTLAB_STORE;

beforeEach(() => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "quantlab-location-")));
  delete process.env.QUANTLAB_STORE;
});
afterEach(() => {
  process.chdir(savedCwd);
  if (savedStore === undefined) delete process.env.QUANTLAB_STORE;
  else process.env.QUANTLAB_STORE = savedStore;
  fs.rmSync(dir, { recursive: true, force: true });
});

/** What a folder's package.json says, if it has one. */
type Marker = "name" | "dependencies" | "devDependencies" | "optionalDependencies" | "other" | "none" | "broken";
const MARKS_PROJECT: Marker[] = ["name", "dependencies", "devDependencies", "optionalDependencies"];

function writePackage(folder: string, marker: Marker): void {
  fs.mkdirSync(folder, { recursive: true });
  if (marker === "none") return;
  const file = path.join(folder, "package.json");
  if (marker === "broken") return fs.writeFileSync(file, "{ not json");
  if (marker === "name") return fs.writeFileSync(file, JSON.stringify({ name: "quantlab" }));
  if (marker === "other") return fs.writeFileSync(file, JSON.stringify({ name: "other", dependencies: { quantlabish: "1" } }));
  fs.writeFileSync(file, JSON.stringify({ name: "research", [marker]: { quantlab: "^0.1.0" } }));
}

describe("findProjectRoot", () => {
  it("is the nearest folder upwards whose package.json is quantlab's or depends on it", () => {
    const markers = fc.constantFrom<Marker>("name", "dependencies", "devDependencies", "optionalDependencies", "other", "none", "broken");
    fc.assert(
      fc.property(fc.array(markers, { minLength: 1, maxLength: 6 }), fc.nat(), (levels, seed) => {
        const base = fs.mkdtempSync(path.join(dir, "p-"));
        const folders = levels.map((_, i) => path.join(base, ...levels.slice(0, i + 1).map((_, j) => `d${j}`)));
        levels.forEach((marker, i) => writePackage(folders[i], marker));
        const start = folders[seed % folders.length];
        const depth = folders.indexOf(start);
        let expected: string | null = null;
        for (let i = depth; i >= 0 && expected === null; i--) if (MARKS_PROJECT.includes(levels[i])) expected = folders[i];
        expect(findProjectRoot(start)).toBe(expected);
      }),
      { numRuns: 60 },
    );
  });

  it("skips folders inside node_modules, so an installed package is never the project", () => {
    writePackage(dir, "dependencies");
    const installed = path.join(dir, "node_modules", "quantlab");
    writePackage(installed, "name");
    expect(findProjectRoot(path.join(installed))).toBe(dir);
  });

  it("finds this checkout from inside it, and packageRoot is this checkout", () => {
    const root = path.resolve(__dirname, "..", "..");
    expect(findProjectRoot(path.join(root, "lib", "store"))).toBe(root);
    expect(packageRoot()).toBe(root);
  });
});

describe("defaultStoreLocation and Arctic.open()", () => {
  it("takes QUANTLAB_STORE first: a folder, a duckdb: URI or mem://", () => {
    writePackage(dir, "dependencies");
    process.chdir(dir);
    process.env.QUANTLAB_STORE = "elsewhere";
    expect(defaultStoreLocation()).toEqual({ uri: "duckdb://" + path.join(dir, "elsewhere"), path: path.join(dir, "elsewhere"), source: "QUANTLAB_STORE" });
    process.env.QUANTLAB_STORE = "duckdb:///abs/store";
    expect(defaultStoreLocation()).toEqual({ uri: "duckdb:///abs/store", path: "/abs/store", source: "QUANTLAB_STORE" });
    process.env.QUANTLAB_STORE = "mem://";
    expect(defaultStoreLocation()).toEqual({ uri: "mem://", path: null, source: "QUANTLAB_STORE" });
  });

  it("opens the enclosing project's db/ from a script in a subfolder, not a new store beside the script", async () => {
    writePackage(dir, "devDependencies");
    const scripts = path.join(dir, "research", "2024");
    fs.mkdirSync(scripts, { recursive: true });
    process.chdir(scripts);
    const arctic = await Arctic.open();
    try {
      expect(arctic.location).toEqual({ uri: "duckdb://" + path.join(dir, "db"), path: path.join(dir, "db"), source: "project", project: dir });
      expect(arctic.root).toBe(path.join(dir, "db"));
      await arctic.createLibrary("here");
    } finally {
      await arctic.close();
    }
    expect(fs.existsSync(path.join(dir, "db", "here.duckdb"))).toBe(true);
    expect(fs.existsSync(path.join(scripts, "db")), "nothing made beside the script").toBe(false);
  });

  it("outside any project uses the working directory's db/ and says so", async () => {
    process.chdir(dir);
    const arctic = await Arctic.open();
    try {
      expect(arctic.location).toEqual({ uri: "duckdb://" + path.join(dir, "db"), path: path.join(dir, "db"), source: "cwd" });
    } finally {
      await arctic.close();
    }
  });

  it("reports a given URI as given, folders resolved to absolute paths", async () => {
    process.chdir(dir);
    const folder = await Arctic.open("duckdb:./given");
    const memory = await Arctic.open("mem://");
    try {
      expect(folder.location).toEqual({ uri: "duckdb://" + path.join(dir, "given"), path: path.join(dir, "given"), source: "uri" });
      expect(memory.location).toEqual({ uri: "mem://", path: null, source: "uri" });
    } finally {
      await folder.close();
      await memory.close();
    }
  });
});
