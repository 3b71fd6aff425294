import { HELP_OPTION, firstOption, optionHelp, parseCommandArgs, splitCommand, valuedSpellings } from "./args";
import { Command, CommandGroup } from "./command";
import { CliIo, println } from "./io";
import { UsageError } from "./UsageError";

/** `quantlab store read LIBRARY SYMBOL [options]` and the like. */
function synopsis(group: CommandGroup, command: Command): string {
  const name = command.name === group.defaultCommand ? `[${command.name}]` : command.name;
  return `quantlab ${group.name} ${name}${command.args ? " " + command.args : ""}`;
}

/** The help of a whole group: every command with its options, then the common options. */
export function groupUsage(group: CommandGroup): string {
  const lines = [`Usage: quantlab ${group.name} <command> [options]`, "", group.summary, "", "Commands:"];
  for (const command of group.commands) {
    lines.push(`  ${synopsis(group, command)}`, `      ${command.summary}`);
    lines.push(...optionHelp(command.options, "      "));
  }
  lines.push("", "Options of every command:", ...optionHelp([...group.commonOptions, HELP_OPTION]));
  lines.push("", `Run 'quantlab ${group.name} <command> --help' for one command's help.`);
  return lines.join("\n");
}

/** The help of one command. */
export function commandUsage(group: CommandGroup, command: Command): string {
  const lines = [`Usage: ${synopsis(group, command)} [options]`, "", command.description ?? command.summary, "", "Options:"];
  lines.push(...optionHelp([...command.options, ...group.commonOptions, HELP_OPTION]));
  return lines.join("\n");
}

/**
 * Runs `quantlab <group> <command> ...`: picks the command, parses its options, checks the number of
 * positionals and runs it. `--help` prints help on stdout (exit 0); mistakes throw UsageError.
 */
export async function runGroup(group: CommandGroup, argv: string[], io: CliIo): Promise<number> {
  const fallback = group.commands.find((c) => c.name === group.defaultCommand);
  const { name, rest: afterName } = splitCommand(argv, valuedSpellings([...group.commonOptions, ...(fallback?.options ?? [])]));
  const asked = (list: string[]) => list.includes("--help") || list.includes("-h");
  let command = name === undefined ? undefined : group.commands.find((c) => c.name === name);
  let rest = afterName;
  if (!command && fallback && !(name === undefined && asked(argv))) {
    // `quantlab import FILE ...` runs the group's default command with every argument.
    command = fallback;
    rest = argv;
  }
  if (name === undefined && !command) {
    const unknown = firstOption(rest);
    if (unknown === undefined && asked(rest)) {
      println(io.stdout, groupUsage(group));
      return 0;
    }
    throw new UsageError(unknown ? `unknown option '${unknown}'` : `'quantlab ${group.name}' needs a command`, { usage: groupUsage(group) });
  }
  if (!command) throw new UsageError(`unknown command '${group.name} ${name}'`, { usage: groupUsage(group) });
  const usage = commandUsage(group, command);
  const { values, positionals } = parseCommandArgs(rest, [...command.options, ...group.commonOptions, HELP_OPTION], usage);
  if (values.help) {
    println(io.stdout, usage);
    return 0;
  }
  const [min, max] = command.positionals;
  if (positionals.length < min) throw new UsageError(`'${group.name} ${command.name}' needs ${command.args}`, { usage });
  if (positionals.length > max) throw new UsageError(`unexpected argument '${positionals[max]}'`, { usage });
  return (await command.run({ positionals, values, io, usage })) ?? 0;
}
