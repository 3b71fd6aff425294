import { setTimeout as sleep } from "timers/promises";
import { afterEach, beforeEach } from "vitest";

/** Polls `check` every 10 ms until it returns true; rejects with `what` after `timeoutMs` (a deadline, not a speed assertion). */
export async function waitFor(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(10);
  }
}

/** Counts of the handles that would keep the process alive: timers and TCP sockets/servers. */
export function liveHandles(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const name of process.getActiveResourcesInfo()) {
    if (name === "Timeout" || name.startsWith("TCP")) counts[name] = (counts[name] ?? 0) + 1;
  }
  return counts;
}

type Closable = { close(): Promise<void> | void };

/**
 * For a test file: every resource passed to the returned `track` is closed after each test, whatever
 * happened, and then nothing may be left behind (no timer, socket or listening server more than before).
 * @example const track = trackResources(); const server = track(await startFeedServer());
 */
export function trackResources(): <T extends Closable>(resource: T) => T {
  let open: Closable[] = [];
  let handlesBefore: Record<string, number> = {};
  beforeEach(() => {
    handlesBefore = liveHandles();
  });
  afterEach(async () => {
    for (const r of open.reverse()) await r.close();
    open = [];
    const noMore = () => Object.entries(liveHandles()).every(([name, n]) => n <= (handlesBefore[name] ?? 0));
    await waitFor(noMore, `handles to return to at most ${JSON.stringify(handlesBefore)}`, 3_000).catch((e) => {
      throw new Error(`${(e as Error).message}; still open: ${JSON.stringify(liveHandles())}`);
    });
  });
  return (resource) => {
    open.push(resource);
    return resource;
  };
}
