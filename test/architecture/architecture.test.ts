/**
 * The shape of the library, as decisions: the list of public names is kept in `publicNames.txt`, so a
 * change to what `import { … } from "./lib"` offers shows up in review; areas import only the areas
 * below them, so the graph of areas has no cycle.
 */
import * as fs from "fs";
import * as path from "path";
import { describe, expect, it } from "vitest";
import { ROOT, declaredClasses, importEdges, publicNames } from "./surface";

/**
 * The areas from the bottom up. An area may import only areas listed before it; `cli` and the index sit
 * on top. `backoff` (waits between retries) imports nothing. The store depends on the market vocabulary and on nothing above it.
 */
const LAYERS = ["backoff", "errors", "market", "frame", "store", "data", "validate", "display", "stream", "jobs", "backtest", "cli", "index"];

const NAMES_FILE = path.join(__dirname, "publicNames.txt");

describe("public surface", () => {
  const names = publicNames();

  it("lib/index.ts offers exactly the names in test/architecture/publicNames.txt", () => {
    const actual = names.map((n) => `${n.name}\t${n.kind}\t${n.area}`).join("\n") + "\n";
    if (process.env.UPDATE_PUBLIC_NAMES === "1") fs.writeFileSync(NAMES_FILE, actual);
    const expected = fs.readFileSync(NAMES_FILE, "utf8");
    // On a deliberate change: UPDATE_PUBLIC_NAMES=1 npx vitest run test/architecture, then review the diff.
    expect(actual).toBe(expected);
  });

  it("has one meaning per name: no two areas export the same name through the index", () => {
    const list = names.map((n) => n.name);
    expect(list.length).toBeGreaterThan(100);
    expect(new Set(list).size).toBe(list.length);
  });
});

describe("errors", () => {
  it("every error class lib/index.ts offers derives from QuantlabError", async () => {
    const lib = (await import("../../lib")) as Record<string, unknown>;
    const errorClasses = Object.entries(lib).filter(([, v]) => typeof v === "function" && (v as { prototype?: unknown }).prototype instanceof Error);
    expect(errorClasses.length).toBeGreaterThan(20);
    const outside = errorClasses
      .filter(([name, v]) => name !== "QuantlabError" && !((v as { prototype: unknown }).prototype instanceof (lib.QuantlabError as typeof Error)))
      .map(([name]) => name);
    expect(outside).toEqual([]);
  });

  it("codes are upper case wherever the source assigns one", () => {
    const assigned = importEdges()
      .map((e) => e.file)
      .filter((file, i, all) => all.indexOf(file) === i)
      .flatMap((file) => [...fs.readFileSync(path.join(ROOT, file), "utf8").matchAll(/\bcode(?:: \w+)? = "([^"]*)"/g)].map((m) => `${file}: ${m[1]}`));
    expect(assigned.length).toBeGreaterThan(20);
    expect(assigned.filter((line) => !/: [A-Z][A-Z0-9_]*$/.test(line))).toEqual([]);
  });
});

describe("error classes", () => {
  const classes = declaredClasses();
  const byName = new Map(classes.map((c) => [c.name, c]));
  /** The classes from c's base up to QuantlabError, or undefined when c does not derive from it. */
  const ancestors = (c: (typeof classes)[number]) => {
    const chain = [];
    for (let base = c.base; base !== undefined; base = byName.get(base)?.base) {
      const declared = byName.get(base);
      if (!declared) return undefined;
      chain.push(declared);
      if (base === "QuantlabError") return chain;
    }
    return undefined;
  };
  const errors = classes.filter((c) => ancestors(c) !== undefined);

  it("finds the error tree of every area", () => {
    expect(errors.length).toBeGreaterThan(30);
  });

  // Under ES2022 class fields (tslab's TypeScript 5.0 and ours), a field declared again in a subclass is
  // redefined as undefined after super() returns: the value the base stored is lost unless reassigned.
  it("no error class declares again a field of a class it derives from (a fixed `code` with its value is the one exception)", () => {
    const redeclared = errors.flatMap((c) => {
      const inherited = new Set(ancestors(c)!.flatMap((a) => a.fields.map((f) => f.name)));
      return c.fields.filter((f) => inherited.has(f.name) && !(f.name === "code" && f.initialized)).map((f) => `${c.file}: ${c.name}.${f.name}`);
    });
    expect(redeclared).toEqual([]);
  });

  it("every error constructor has one shape: (message, details)", () => {
    const shapes = errors
      .filter((c) => c.constructorParams !== undefined)
      .map((c) => `${c.name}(${c.constructorParams!.join(", ")})`)
      .filter((shape) => !/\(message, details\)$/.test(shape));
    expect(shapes).toEqual([]);
  });
});

describe("import graph", () => {
  const edges = importEdges();

  it("places every area of lib/ in a layer", () => {
    const areas = fs.readdirSync(path.join(ROOT, "lib"), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
    expect([...areas, "index"].sort()).toEqual([...LAYERS].sort());
    expect(new Set(edges.map((e) => e.from)).size).toBeGreaterThan(8);
  });

  it("areas import only the areas below them", () => {
    const upward = edges
      .filter((e) => e.to !== undefined && e.to !== e.from && e.from !== "cli")
      .filter((e) => e.to === "outside" || LAYERS.indexOf(e.to!) < 0 || LAYERS.indexOf(e.to!) > LAYERS.indexOf(e.from))
      .map((e) => `${e.file} imports ${e.specifier} (${e.from} -> ${e.to})`);
    expect(upward).toEqual([]);
  });

  it("the command line reaches outside lib/ only for the kernel's report runner", () => {
    const outside = edges.filter((e) => e.to === "outside").map((e) => `${e.file}: ${e.specifier}`);
    expect(outside.every((line) => line.startsWith("lib/cli/") && /kernel\//.test(line))).toBe(true);
  });

  it("only the store's engine (lib/store/engine) touches DuckDB", () => {
    const duck = edges.filter((e) => e.specifier.startsWith("@duckdb/")).map((e) => e.file);
    expect(duck.length).toBeGreaterThan(0);
    expect(duck.filter((file) => !file.startsWith(path.join("lib", "store", "engine") + path.sep))).toEqual([]);
  });

  it("the rest of the store reaches the engine only through lib/store/engine/index.ts", () => {
    const engine = path.join(ROOT, "lib", "store", "engine");
    const around = edges
      .filter((e) => e.specifier.startsWith(".") && !path.resolve(ROOT, e.file).startsWith(engine + path.sep))
      .filter((e) => {
        const target = path.resolve(ROOT, path.dirname(e.file), e.specifier);
        return target.startsWith(engine + path.sep);
      })
      .map((e) => `${e.file} imports ${e.specifier}`);
    expect(around).toEqual([]);
  });
});
