/**
 * Headless Chromium (Debian's /usr/bin/chromium) driven over the DevTools protocol, for the browser
 * tests: pages in separate browser contexts (separate cookies: another person), navigation, reload and
 * evaluating JavaScript in the page. Imported only by tests.
 */
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import WebSocket from "ws";

/** The flags the browser tests run Chromium with (as root, offline, with a fresh profile). */
export function chromiumFlags(profile: string): string[] {
  return ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", `--user-data-dir=${profile}`];
}

interface Pending {
  resolve: (value: Record<string, unknown>) => void;
  reject: (error: Error) => void;
}

type Listener = { method: string; sessionId?: string; resolve: () => void };

/** A running headless Chromium; {@link close} ends it. */
export class Chromium {
  readonly #child: ChildProcess;
  readonly #socket: WebSocket;
  #next = 1;
  readonly #pending = new Map<number, Pending>();
  #listeners: Listener[] = [];

  private constructor(child: ChildProcess, socket: WebSocket) {
    this.#child = child;
    this.#socket = socket;
    socket.on("message", (raw) => {
      const message = JSON.parse(raw.toString()) as { id?: number; method?: string; sessionId?: string; result?: Record<string, unknown>; error?: { message: string } };
      if (message.id !== undefined) {
        const pending = this.#pending.get(message.id);
        this.#pending.delete(message.id);
        if (message.error) pending?.reject(new Error(message.error.message));
        else pending?.resolve(message.result ?? {});
        return;
      }
      const hit = this.#listeners.filter((l) => l.method === message.method && l.sessionId === message.sessionId);
      this.#listeners = this.#listeners.filter((l) => !hit.includes(l));
      for (const l of hit) l.resolve();
    });
  }

  /** Starts Chromium with a new empty profile under `dir`. */
  static async launch(dir: string): Promise<Chromium> {
    const profile = fs.mkdtempSync(path.join(dir, "profile-"));
    const child = spawn("chromium", [...chromiumFlags(profile), "--remote-debugging-port=0", "about:blank"], { stdio: ["ignore", "ignore", "pipe"] });
    const url = await new Promise<string>((resolve, reject) => {
      let stderr = "";
      const timer = setTimeout(() => reject(new Error(`chromium did not open its DevTools port in 30 s:\n${stderr}`)), 30_000);
      child.stderr!.on("data", (chunk: Buffer) => {
        stderr += chunk.toString();
        const match = /DevTools listening on (ws:\/\/\S+)/.exec(stderr);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
      child.on("error", reject);
      child.on("exit", (code) => reject(new Error(`chromium exited (${code}) before opening its DevTools port:\n${stderr}`)));
    });
    child.stderr!.resume();
    const socket = new WebSocket(url, { perMessageDeflate: false, maxPayload: 256 * 1024 * 1024 });
    await new Promise<void>((resolve, reject) => {
      socket.once("open", () => resolve());
      socket.once("error", reject);
    });
    return new Chromium(child, socket);
  }

  /** Sends one DevTools command (to a page when `sessionId` is given) and resolves with its result. */
  send(method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<Record<string, unknown>> {
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#socket.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
    });
  }

  /** Resolves at the next `method` event (of the page `sessionId`). */
  once(method: string, sessionId?: string): Promise<void> {
    return new Promise((resolve) => this.#listeners.push({ method, sessionId, resolve }));
  }

  /** A new page (tab) in a new browser context: its own cookies and storage, like another person's browser. */
  async newPage(): Promise<Page> {
    const { browserContextId } = await this.send("Target.createBrowserContext");
    const { targetId } = await this.send("Target.createTarget", { url: "about:blank", browserContextId });
    const { sessionId } = await this.send("Target.attachToTarget", { targetId, flatten: true });
    const page = new Page(this, sessionId as string, targetId as string);
    await this.send("Page.enable", {}, page.sessionId);
    await this.send("Runtime.enable", {}, page.sessionId);
    return page;
  }

  /** Ends Chromium and waits for it to exit. */
  async close(): Promise<void> {
    this.#socket.close();
    if (this.#child.exitCode !== null || this.#child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.#child.once("exit", resolve));
    this.#child.kill("SIGTERM");
    await exited;
  }
}

/** One page of a {@link Chromium}. */
export class Page {
  constructor(
    readonly browser: Chromium,
    readonly sessionId: string,
    readonly targetId: string,
  ) {}

  /** Opens `url` and resolves once the page's load event fired. */
  async goto(url: string): Promise<void> {
    const loaded = this.browser.once("Page.loadEventFired", this.sessionId);
    const result = await this.browser.send("Page.navigate", { url }, this.sessionId);
    if (result.errorText) throw new Error(`navigating to ${url}: ${String(result.errorText)}`);
    await loaded;
  }

  /** Reloads the page and resolves once the new page's load event fired. */
  async reload(): Promise<void> {
    const loaded = this.browser.once("Page.loadEventFired", this.sessionId);
    await this.browser.send("Page.reload", {}, this.sessionId);
    await loaded;
  }

  /** The value of `expression` in the page (a promise is awaited); a thrown error is rethrown here. */
  async evaluate<T>(expression: string): Promise<T> {
    const result = await this.browser.send("Runtime.evaluate", { expression, awaitPromise: true, returnByValue: true }, this.sessionId);
    const exception = result.exceptionDetails as { text?: string; exception?: { description?: string } } | undefined;
    if (exception) throw new Error(`in the page: ${exception.exception?.description ?? exception.text ?? "an exception"} (evaluating ${expression.slice(0, 120)})`);
    return (result.result as { value: T }).value;
  }

  /** Polls `expression` until it is truthy; rejects after `timeoutMs` naming `what` and the last value of `report`. */
  async waitFor(expression: string, what: string, timeoutMs: number, report = "null"): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (await this.evaluate<boolean>(`!!(${expression})`).catch(() => false)) return;
      if (Date.now() > deadline) throw new Error(`waited ${timeoutMs / 1000} s for ${what}; the page has ${JSON.stringify(await this.evaluate(report).catch((e) => String(e)))}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  /** Closes the page. */
  async close(): Promise<void> {
    await this.browser.send("Target.closeTarget", { targetId: this.targetId });
  }
}
