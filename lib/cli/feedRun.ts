import { StreamError } from "../stream";
import { stringOption } from "./args";
import { OptionValues } from "./command";
import { Writer, println } from "./io";
import { UsageError } from "./UsageError";

/** A positive number of seconds from --duration, or undefined (run until Ctrl-C). */
export function durationOption(values: OptionValues, usage: string): number | undefined {
  const text = stringOption(values, "duration");
  if (text === undefined) return undefined;
  const seconds = Number(text);
  if (!(seconds > 0) || !Number.isFinite(seconds)) throw new UsageError(`--duration must be a number of seconds > 0, got '${text}'`, { usage });
  return seconds;
}

/** A comma-separated list option, trimmed, empty entries dropped. */
export function listOption(values: OptionValues, name: string): string[] | undefined {
  return stringOption(values, name)
    ?.split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

/**
 * Resolves after `seconds` (when given) or on SIGINT/SIGTERM, whichever comes first, and removes its
 * signal handlers and timer afterwards, so the process can exit on its own.
 */
export function untilStopped(seconds: number | undefined): Promise<void> {
  return new Promise<void>((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    const stop = () => {
      if (timer) clearTimeout(timer);
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve();
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    if (seconds !== undefined) timer = setTimeout(stop, seconds * 1000);
  });
}

/** Runs a feed command; a StreamError becomes `error: <message>` and exit code 1 (StreamError has no stack worth showing). */
export async function reportStreamErrors(stderr: Writer, work: () => Promise<number | void>): Promise<number> {
  try {
    return (await work()) ?? 0;
  } catch (error) {
    if (error instanceof StreamError) {
      println(stderr, `error: ${error.message}`);
      return 1;
    }
    throw error;
  }
}
