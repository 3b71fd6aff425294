import * as fs from "fs";
import * as path from "path";
import { setTimeout as sleep } from "timers/promises";
import { processAlive, processStamp } from "./processIdentity";

/** Where the tickets for a store file live: `<store folder>/.waiting/tickets/<file name>/`. */
export function ticketDir(filePath: string): string {
  return path.join(path.dirname(filePath), ".waiting", "tickets", path.basename(filePath));
}

/** Ticket names: a sequence number padded so that name order is number order. */
const DIGITS = 12;
/** How often a waiter looks whether the tickets ahead of it are gone. */
const TURN_POLL_MS = 2;
/** How often {@link FileTicket.waitUnless} asks whether to stop waiting. */
const STOP_POLL_MS = 10;

/**
 * A call's place in the line for one store file, shared by every process using the store folder. A
 * ticket is a file `<seq>` in {@link ticketDir} holding its owner's pid and start time, taken when a call
 * starts and given back when it ends. The process serving the file runs calls lowest ticket first (see
 * FileHost); when no process serves it, the call whose ticket is lowest opens it; a call that needs the
 * file closed everywhere waits until its ticket is the lowest. A ticket whose owner is gone (killed while
 * waiting or during its call; its pid perhaps reused by another process) is removed by whoever finds it,
 * so it never blocks the line.
 */
export class FileTicket {
  readonly file: string;
  readonly seq: number;
  #released = false;

  private constructor(file: string, seq: number) {
    this.file = file;
    this.seq = seq;
  }

  /** Joins the end of the line for `filePath` (creating the ticket folder when missing), removing dead tickets ahead. */
  static take(filePath: string): FileTicket {
    const dir = ticketDir(filePath);
    fs.mkdirSync(dir, { recursive: true });
    // The ticket appears whole: written aside, then linked under its number (a link fails when the name
    // exists, so two processes taking the same number at once end up with two numbers, one after the other).
    const draft = path.join(dir, `draft.${process.pid}.${Math.random().toString(36).slice(2)}`);
    fs.writeFileSync(draft, processStamp() + "\n", { flag: "wx" });
    try {
      for (;;) {
        const line = readLine(dir);
        const seq = (line.length > 0 ? line[line.length - 1] : 0) + 1;
        const file = path.join(dir, String(seq).padStart(DIGITS, "0"));
        try {
          fs.linkSync(draft, file);
          const ticket = new FileTicket(file, seq);
          ticket.sweep(); // so a dead process's ticket never stays in the line, even while a host serves everyone
          return ticket;
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
        }
      }
    } finally {
      fs.rmSync(draft, { force: true });
    }
  }

  /**
   * Resolves once every ticket ahead of this one is gone (served, or its owner dead), or false when
   * `deadline` (epoch ms) passes first.
   */
  async waitForTurn(deadline: number): Promise<boolean> {
    return (await this.waitUnless(deadline, async () => false)) === "turn";
  }

  /**
   * Like {@link waitForTurn}, but asks `stop` every {@link STOP_POLL_MS} whether to stop waiting: "turn"
   * when every ticket ahead is gone, "stopped" when `stop` said so first, "timeout" when `deadline` passed.
   */
  async waitUnless(deadline: number, stop: () => Promise<boolean>): Promise<"turn" | "stopped" | "timeout"> {
    for (let asked = Date.now(); ; ) {
      if (this.sweep() === 0) return "turn";
      if (Date.now() >= deadline) return "timeout";
      if (Date.now() - asked >= STOP_POLL_MS) {
        if (await stop()) return "stopped";
        asked = Date.now();
      }
      await sleep(TURN_POLL_MS);
    }
  }

  /** Leaves the line (the file is closed, or the wait given up). Idempotent. */
  release(): void {
    if (this.#released) return;
    this.#released = true;
    fs.rmSync(this.file, { force: true });
  }

  /** Live tickets ahead of this one; dead ones found are removed. */
  sweep(): number {
    const dir = path.dirname(this.file);
    return readLine(dir).filter((seq) => seq < this.seq && liveOrRemove(dir, seq)).length;
  }
}

/** The ticket numbers in `dir`, lowest first. */
function readLine(dir: string): number[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((n) => n.length === DIGITS && /^\d+$/.test(n))
    .map(Number)
    .sort((a, b) => a - b);
}

/** True when ticket `seq`'s owner runs; a ticket of a process that is gone is removed. */
function liveOrRemove(dir: string, seq: number): boolean {
  const file = path.join(dir, String(seq).padStart(DIGITS, "0"));
  let owner: string[];
  try {
    owner = fs.readFileSync(file, "utf8").trim().split(" ");
  } catch {
    return false; // served meanwhile
  }
  if (processAlive(owner[0], owner[1] ?? "-")) return true;
  fs.rmSync(file, { force: true });
  return false;
}
