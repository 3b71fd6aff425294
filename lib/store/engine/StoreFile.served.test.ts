import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { FileClient } from "./FileClient";
import { FileTicket } from "./FileTicket";
import { StoreFile } from "./StoreFile";
import { socketPath } from "./wire";

/**
 * A StoreFile that holds its file and serves it, with the other processes' links (FileClients) made in
 * this process over the real socket.
 */

let dir: string;
let file: string;
let store: StoreFile;
const clients: FileClient[] = [];

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "ql-storefile-"));
  file = path.join(dir, "lib.duckdb");
  store = StoreFile.for(file, { idleCloseMs: 60_000 });
  await store.use(({ connection }) => connection.run("CREATE TABLE t (x INTEGER)"), { create: true });
});

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function connect(): Promise<FileClient> {
  const client = await FileClient.connect(socketPath(file), file);
  expect(client).not.toBeNull();
  clients.push(client!);
  return client!;
}

it("a call of this process waiting in the host's line when another process asks for the file closed runs once the file is free", async () => {
  const other = await connect();
  const ticket = FileTicket.take(file);
  expect(await other.call(ticket.seq, Date.now() + 30_000)).toBe("granted");
  const mine = store.use(async ({ connection }) => {
    await connection.run("INSERT INTO t VALUES (2)");
    return connection.rows("SELECT x FROM t ORDER BY x");
  });
  // This process's call is in the host's line, behind the other process's call.
  await expect.poll(() => (store as unknown as { localBusy: boolean }).localBusy).toBe(true);
  const closer = await connect();
  const left = closer.leave(); // as withClosed in a third process does once its ticket is the lowest
  await other.connection.run("INSERT INTO t VALUES (1)");
  other.end(false);
  ticket.release();
  await left;
  const outcome = await Promise.race([mine, new Promise((r) => setTimeout(() => r("still waiting after 20 s"), 20_000).unref())]);
  expect(outcome).toStrictEqual([[1], [2]]);
});
