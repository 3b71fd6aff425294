import { formatDay } from "./civilDate";
import type { Session } from "./Session";
import type { SessionSource } from "./SessionSource";

const MS_PER_DAY = 86_400_000;

/** A market that never closes (crypto): every UTC day is one session, 00:00 to 24:00 UTC. */
export function alwaysOpenSessions(name: string): SessionSource {
  return Object.freeze({
    name,
    timezone: "UTC",
    sessionOn(day: number): Session {
      return Object.freeze({
        date: formatDay(day),
        open: new Date(day * MS_PER_DAY),
        close: new Date((day + 1) * MS_PER_DAY),
        earlyClose: false,
        lateOpen: false,
      });
    },
  });
}
