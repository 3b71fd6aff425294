import { QuantlabError } from "../errors";
import { HELP_OPTION, firstOption, optionHelp, splitCommand, valuedSpellings } from "./args";
import { GROUPS, GroupHeading } from "./groups";
import { runGroup } from "./group";
import { CliIo, println } from "./io";
import { UsageError } from "./UsageError";

export type { Command, CommandContext, CommandGroup, OptionSpec } from "./command";
export type { CliIo, Writer } from "./io";
export { UsageError } from "./UsageError";

export { GROUPS } from "./groups";
export type { GroupHeading, LazyGroup } from "./groups";

/** The top-level help. */
export function usage(groups: GroupHeading[] = GROUPS): string {
  const width = Math.max(...groups.map((g) => g.name.length));
  return [
    "Usage: quantlab <group> <command> [options]",
    "",
    "Groups:",
    ...groups.map((g) => `  ${g.name.padEnd(width)}  ${g.summary}`),
    "",
    "Options:",
    ...optionHelp([HELP_OPTION]),
    "",
    "Run 'quantlab <group> --help' for a group's commands and options.",
  ].join("\n");
}

async function dispatch(argv: string[], io: CliIo): Promise<number> {
  const valued = valuedSpellings(GROUPS.flatMap((g) => g.commonOptions));
  const { name, rest } = splitCommand(argv, valued);
  if (name === undefined) {
    const unknown = firstOption(rest);
    if (unknown === undefined && (rest.includes("--help") || rest.includes("-h"))) {
      println(io.stdout, usage());
      return 0;
    }
    throw new UsageError(unknown ? `unknown option '${unknown}'` : "no command given", { usage: usage() });
  }
  const group = GROUPS.find((g) => g.name === name);
  if (!group) throw new UsageError(`unknown command '${name}'`, { usage: usage() });
  return runGroup(await group.load(), rest, io);
}

/**
 * Runs `quantlab` with `argv` (the arguments after the program name) and resolves to the exit code:
 * 0 on success, 1 for a store error (`error: <message>` on stderr, no stack trace), 2 for a mistake in
 * the command line (the message and the usage on stderr). Never throws.
 * @example await main(["store", "read", "market_data", "AAPL", "--tail", "5"], { stdout, stderr })
 */
export async function main(argv: string[], io: CliIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (error) {
    if (error instanceof UsageError) {
      println(io.stderr, `quantlab: ${error.message}`);
      println(io.stderr);
      println(io.stderr, error.usage);
      return 2;
    }
    // An error quantlab raises on purpose has its message written for the user; anything else is a bug.
    if (error instanceof QuantlabError) {
      println(io.stderr, `error: ${error.message}`);
      return 1;
    }
    // Anything else is a bug in quantlab: keep the stack so it can be reported.
    println(io.stderr, `error: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    return 1;
  }
}
