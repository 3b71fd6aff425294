/**
 * A store user in its own process, driven line by line: each stdin line is one JSON command
 * `{ id, op, library?, symbol?, values? }`, answered by one stdout line `{ id, ok: true, ... }` or
 * `{ id, ok: false, name, message }`. Opened on `--dir` with `--idle` as idleCloseMs; commands use
 * their `library` (created when missing), else `--library`.
 *
 * Ops: write / append (`values` as column `v`, row-indexed) → { version }; read → { version, v };
 * symbols → { symbols } (sorted); sql (row count of `symbol` through user SQL, which needs the file
 * closed everywhere) → { rows }; hold (a call on the library's StoreFile that runs one statement, answers
 * { inside: true }, then waits for the next line before running another) → { after } or the error;
 * exit.
 */
import * as path from "path";
import * as readline from "readline";
import { Arctic, Library } from "../../../lib";
import { StoreFile } from "../../../lib/store/engine";
import { args, describeError } from "./common";

interface Command {
  id: number;
  op: string;
  library?: string;
  symbol?: string;
  values?: number[];
}

async function main(): Promise<void> {
  const a = args();
  const arctic = await Arctic.open("duckdb://" + a.dir, { idleCloseMs: Number(a.idle ?? 250) });
  const libraries = new Map<string, Library>();
  const library = async (name: string): Promise<Library> => {
    if (!libraries.has(name)) libraries.set(name, await arctic.getLibrary(name, { createIfMissing: true }));
    return libraries.get(name)!;
  };
  const lines = readline.createInterface({ input: process.stdin });
  const queue: string[] = [];
  let wake: (() => void) | null = null;
  lines.on("line", (l) => {
    queue.push(l);
    wake?.();
  });
  const next = async (): Promise<Command> => {
    while (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
    return JSON.parse(queue.shift()!) as Command;
  };
  const say = (o: object) => process.stdout.write(JSON.stringify(o) + "\n");
  say({ ready: process.pid });
  for (;;) {
    const c = await next();
    try {
      const name = c.library ?? a.library;
      const lib = await library(name);
      switch (c.op) {
        case "write":
        case "append": {
          const data = { v: new Float64Array(c.values!) };
          const item = c.op === "write" ? await lib.write(c.symbol!, data) : await lib.append(c.symbol!, data);
          say({ id: c.id, ok: true, version: item.version });
          break;
        }
        case "read": {
          const r = await lib.read(c.symbol!);
          say({ id: c.id, ok: true, version: r.version, v: Array.from(r.data.array("v") as ArrayLike<number>) });
          break;
        }
        case "symbols":
          say({ id: c.id, ok: true, symbols: (await lib.listSymbols()).sort() });
          break;
        case "sql": {
          const t = await lib.sql(`SELECT count(*) AS n FROM {${c.symbol}}`);
          say({ id: c.id, ok: true, rows: Number(t.array("n")[0]) });
          break;
        }
        case "hold": {
          const file = StoreFile.for(path.join(a.dir, name + ".duckdb"));
          await file.use(async (open) => {
            await open.connection.rows("SELECT count(*) FROM ql_versions");
            say({ id: c.id, inside: true });
            await next();
            const after = await open.connection.value("SELECT count(*) FROM ql_versions");
            say({ id: c.id, ok: true, after: Number(after) });
          });
          break;
        }
        case "exit":
          await arctic.close();
          say({ id: c.id, ok: true });
          process.exit(0);
      }
    } catch (error) {
      say({ id: c.id, ok: false, ...describeError(error) });
    }
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
