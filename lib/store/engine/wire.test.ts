import fc from "fast-check";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import * as v8 from "v8";
import { afterAll, beforeAll, expect, it } from "vitest";
import { MessageSocket } from "./wire";

/**
 * MessageSocket frames values over a real Unix socket: whatever way the bytes are cut into chunks on the
 * way (a length cut in two, several messages in one chunk, one message over many), each message arrives
 * whole, once, in order, as it was sent.
 */

let dir: string;
let server: net.Server;
let writer: net.Socket;
let received: unknown[] = [];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "ql-wire-"));
  const at = path.join(dir, "s.sock");
  const accepted = new Promise<net.Socket>((resolve) => (server = net.createServer(resolve)));
  await new Promise<void>((resolve) => server.listen(at, resolve));
  writer = net.createConnection(at);
  const reader = await accepted;
  new MessageSocket<unknown, unknown>(reader, (m) => received.push(m));
});

afterAll(async () => {
  writer.destroy();
  await new Promise((resolve) => server.close(resolve));
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The framed bytes of `messages`, as MessageSocket.send writes them. */
function framed(messages: unknown[]): Buffer {
  return Buffer.concat(
    messages.map((m) => {
      const body = v8.serialize(m);
      const head = Buffer.alloc(4);
      head.writeUInt32LE(body.length, 0);
      return Buffer.concat([head, body]);
    }),
  );
}

const value = fc.oneof(
  fc.string(),
  fc.double(),
  fc.bigInt(),
  fc.array(fc.oneof(fc.integer(), fc.constant(null), fc.string()), { maxLength: 20 }),
  fc.float64Array({ maxLength: 50 }),
  fc.record({ t: fc.constantFrom("ok", "error"), id: fc.nat(), value: fc.oneof(fc.string(), fc.double()) }),
);

it("messages cut into chunks anywhere arrive whole and in order (property)", async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(value, { minLength: 1, maxLength: 6 }), fc.array(fc.nat(400), { maxLength: 8 }), async (messages, cuts) => {
      received = [];
      const bytes = framed(messages);
      const points = [...new Set(cuts.map((c) => c % bytes.length))].sort((a, b) => a - b);
      let from = 0;
      for (const to of [...points, bytes.length]) {
        if (to <= from) continue;
        await new Promise<void>((resolve) => writer.write(bytes.subarray(from, to), () => resolve()));
        await new Promise((resolve) => setTimeout(resolve, 1)); // so the reader sees this piece as its own chunk
        from = to;
      }
      await expect.poll(() => received.length).toBe(messages.length);
      expect(received).toStrictEqual(messages.map((m) => v8.deserialize(v8.serialize(m))));
    }),
    { numRuns: 40 },
  );
});

it("a message of many megabytes, then a small one, arrive whole", async () => {
  received = [];
  const big = new Float64Array(1_500_000).map((_, i) => i * 0.5);
  const socket = new MessageSocket<unknown, unknown>(writer, () => undefined);
  socket.send({ big });
  socket.send("after");
  await expect.poll(() => received.length, { timeout: 20_000 }).toBe(2);
  const got = (received[0] as { big: Float64Array }).big;
  expect(got).toBeInstanceOf(Float64Array);
  expect(Buffer.from(got.buffer, got.byteOffset, got.byteLength).equals(Buffer.from(big.buffer))).toBe(true);
  expect(received[1]).toBe("after");
});
