import { CliIo } from "./io";

/** One option of a command, the single source of its parsing and its help line. */
export interface OptionSpec {
  /** Long name without dashes, e.g. "as-of". */
  name: string;
  type: "string" | "boolean";
  /** One-letter alias, e.g. "h". */
  short?: string;
  /** Placeholder for the value in help, e.g. "N" (string options only). */
  value?: string;
  help: string;
}

/** Parsed option values, keyed by long name. */
export type OptionValues = Record<string, string | boolean | undefined>;

/** What a command's `run` gets. */
export interface CommandContext {
  positionals: string[];
  values: OptionValues;
  io: CliIo;
  /** The usage text of this command, for UsageErrors raised while checking values. */
  usage: string;
}

/** A subcommand such as `quantlab store read`. */
export interface Command {
  name: string;
  /** Positional arguments as shown in usage, e.g. "LIBRARY SYMBOL" or "LIBRARY [SYMBOL]". */
  args: string;
  /** One line for the group's help. */
  summary: string;
  /** Longer help shown by `--help` on the command itself. @default summary */
  description?: string;
  /** Options besides the group's common ones. */
  options: OptionSpec[];
  /** Number of positionals accepted, inclusive. */
  positionals: [min: number, max: number];
  /** Runs the command; resolves to the exit code (undefined = 0). */
  run(context: CommandContext): Promise<number | void>;
}

/** A group of subcommands such as `quantlab store`. */
export interface CommandGroup {
  name: string;
  summary: string;
  /** Options every command of the group accepts (e.g. --store). `--help` is always added. */
  commonOptions: OptionSpec[];
  commands: Command[];
  /**
   * The command run when the first argument names none of the group's commands, so
   * `quantlab import FILE` means `quantlab import file FILE`. @default none
   */
  defaultCommand?: string;
}
