import { parseArgs } from "util";
import { OptionSpec, OptionValues } from "./command";
import { UsageError } from "./UsageError";

/** `-h, --help`, accepted everywhere. */
export const HELP_OPTION: OptionSpec = { name: "help", short: "h", type: "boolean", help: "show this help" };

/** The option spellings that take a separate value (`--store URI`, `-s URI`). */
export function valuedSpellings(options: OptionSpec[]): Set<string> {
  const out = new Set<string>();
  for (const o of options) {
    if (o.type !== "string") continue;
    out.add(`--${o.name}`);
    if (o.short) out.add(`-${o.short}`);
  }
  return out;
}

/**
 * Takes the command name (the first positional) out of `argv`; options before it stay in `rest`, so
 * `quantlab --store X store read ...` and `quantlab store read ... --store X` mean the same.
 * `valued` lists the option spellings whose next token is their value, not a command name.
 */
export function splitCommand(argv: string[], valued: Set<string>): { name: string | undefined; rest: string[] } {
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    if (token === "--") break;
    if (valued.has(token)) {
      i++;
      continue;
    }
    if (token.startsWith("-") && token !== "-") continue;
    return { name: token, rest: [...argv.slice(0, i), ...argv.slice(i + 1)] };
  }
  return { name: undefined, rest: argv };
}

/** The first option token in `argv` that is not `--help`/`-h`, for "unknown option" messages. */
export function firstOption(argv: string[]): string | undefined {
  return argv.find((t) => t.startsWith("-") && t !== "-" && t !== "--help" && t !== "-h");
}

/** Parses options and positionals with node's util.parseArgs; any mistake becomes a UsageError. */
export function parseCommandArgs(
  argv: string[],
  options: OptionSpec[],
  usage: string,
): { values: OptionValues; positionals: string[] } {
  const config: Record<string, { type: "string" | "boolean"; short?: string }> = {};
  for (const o of options) config[o.name] = o.short ? { type: o.type, short: o.short } : { type: o.type };
  try {
    const args = joinNegativeValues(argv, valuedSpellings(options));
    const { values, positionals } = parseArgs({ args, options: config, allowPositionals: true, strict: true });
    return { values: values as OptionValues, positionals };
  } catch (error) {
    throw new UsageError(describeParseError(error), { usage });
  }
}

/** `--as-of -1` as `--as-of=-1`: parseArgs refuses a separate value that starts with a dash. */
function joinNegativeValues(argv: string[], valued: Set<string>): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--") return out.concat(argv.slice(i));
    if (valued.has(argv[i]) && /^-\d/.test(argv[i + 1] ?? "")) {
      out.push(argv[i].startsWith("--") ? `${argv[i]}=${argv[i + 1]}` : argv[i] + argv[i + 1]);
      i++;
    } else out.push(argv[i]);
  }
  return out;
}

function describeParseError(error: unknown): string {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  const quoted = /'([^']*)'/.exec(message)?.[1];
  switch (code) {
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION":
      return `unknown option '${quoted}'`;
    case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE": {
      const option = quoted?.split(" ")[0];
      if (message.includes("does not take an argument")) return `option '${option}' takes no value`;
      if (message.includes("ambiguous")) return `option '${option}' needs a value (write ${option}=VALUE for a value that starts with '-')`;
      return `option '${option}' needs a value`;
    }
    default:
      return message;
  }
}

/** A string option's value, or undefined. */
export function stringOption(values: OptionValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === "string" ? value : undefined;
}

/** An option that must be a whole number >= `min`, or undefined when not given. */
export function integerOption(values: OptionValues, name: string, usage: string, min = 0): number | undefined {
  const text = stringOption(values, name);
  if (text === undefined) return undefined;
  if (!/^-?\d+$/.test(text.trim()) || Number(text) < min || !Number.isSafeInteger(Number(text))) {
    throw new UsageError(`--${name} must be a whole number >= ${min}, got '${text}'`, { usage });
  }
  return Number(text);
}

/** Help lines for options, aligned: "  --as-of V   which version". */
export function optionHelp(options: OptionSpec[], indent = "  "): string[] {
  const left = options.map((o) => {
    const long = `--${o.name}${o.type === "string" ? ` ${o.value ?? "VALUE"}` : ""}`;
    return o.short ? `-${o.short}, ${long}` : `    ${long}`;
  });
  const width = Math.max(0, ...left.map((l) => l.length));
  return options.map((o, i) => `${indent}${left[i].padEnd(width)}  ${o.help}`);
}
