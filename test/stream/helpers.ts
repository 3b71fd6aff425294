/** Polls `check` every 10 ms until it returns true; rejects with `what` after `timeoutMs` (a deadline, not a speed assertion). */
export async function waitFor(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
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
