/**
 * What the architecture tests read: the public names of `lib/index.ts` (through the TypeScript
 * compiler, as a user's editor sees them) and the import graph of `lib/` by area.
 */
import * as fs from "fs";
import * as path from "path";
import ts from "typescript";

export const ROOT = path.join(__dirname, "..", "..");
const LIB = path.join(ROOT, "lib");

/** One exported name: `kind` is "value" (a function, class or constant) or "type" (types only). */
export interface PublicName {
  name: string;
  kind: "value" | "type";
  /** The area that defines it, e.g. "store". */
  area: string;
}

/** The names `import { … } from "./lib"` offers, sorted by name. */
export function publicNames(): PublicName[] {
  const entry = path.join(LIB, "index.ts");
  const program = ts.createProgram([entry], {
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    esModuleInterop: true,
    skipLibCheck: true,
    noEmit: true,
    types: ["node"],
  });
  const checker = program.getTypeChecker();
  const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(entry)!)!;
  return checker
    .getExportsOfModule(moduleSymbol)
    .map((exported) => {
      const target = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const file = target.declarations?.[0]?.getSourceFile().fileName ?? "";
      return {
        name: exported.name,
        kind: target.flags & ts.SymbolFlags.Value ? "value" : "type",
        area: areaOf(file) ?? "?",
      } as PublicName;
    })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The area (first folder under lib/) of a file, or undefined outside lib/. */
export function areaOf(file: string): string | undefined {
  const rel = path.relative(LIB, path.resolve(file));
  if (rel.startsWith("..") || path.isAbsolute(rel)) return undefined;
  const first = rel.split(path.sep)[0];
  return first.endsWith(".ts") ? "index" : first;
}

/** One import of one file: the specifier as written and, for relative ones, the file's area and the target's. */
export interface ImportEdge {
  file: string;
  specifier: string;
  from: string;
  /** The imported area, "outside" for a relative path out of lib/, undefined for a package. */
  to: string | undefined;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") ? [full] : [];
  });
}

/** Every import and re-export of lib/'s non-test sources. */
export function importEdges(): ImportEdge[] {
  return sourceFiles(LIB).flatMap((file) =>
    ts.preProcessFile(fs.readFileSync(file, "utf8"), true, true).importedFiles.map(({ fileName }) => {
      const relative = fileName.startsWith(".");
      const to = relative ? (areaOf(path.resolve(path.dirname(file), fileName)) ?? "outside") : undefined;
      return { file: path.relative(ROOT, file), specifier: fileName, from: areaOf(file)!, to };
    }),
  );
}

/** A class of lib/ as its source declares it: its base class, its own instance fields and constructor. */
export interface DeclaredClass {
  name: string;
  file: string;
  base: string | undefined;
  /** Instance fields the body defines (not `declare`-only or abstract ones, which emit nothing), with whether each has an initializer. */
  fields: { name: string; initialized: boolean }[];
  /** The constructor's parameter names, undefined when the class has no constructor of its own. */
  constructorParams: string[] | undefined;
}

/** Every class declared in lib/'s non-test sources. */
export function declaredClasses(): DeclaredClass[] {
  return sourceFiles(LIB).flatMap((file) => {
    const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
    const classes: DeclaredClass[] = [];
    const visit = (node: ts.Node): void => {
      if (ts.isClassDeclaration(node) && node.name) {
        const heritage = node.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
        const modifiers = (member: ts.ClassElement) => (ts.canHaveModifiers(member) ? (ts.getModifiers(member) ?? []) : []);
        const fields = node.members
          .filter(ts.isPropertyDeclaration)
          .filter((p) => !modifiers(p).some((m) => m.kind === ts.SyntaxKind.DeclareKeyword || m.kind === ts.SyntaxKind.StaticKeyword || m.kind === ts.SyntaxKind.AbstractKeyword))
          .filter((p) => ts.isIdentifier(p.name))
          .map((p) => ({ name: (p.name as ts.Identifier).text, initialized: p.initializer !== undefined }));
        const ctor = node.members.find(ts.isConstructorDeclaration);
        classes.push({
          name: node.name.text,
          file: path.relative(ROOT, file),
          base: heritage && ts.isIdentifier(heritage) ? heritage.text : undefined,
          fields,
          constructorParams: ctor?.parameters.map((p) => p.name.getText(source)),
        });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
    return classes;
  });
}
