import { QuantlabError } from "../errors";

/**
 * The command line was wrong (unknown command or option, missing or extra argument, bad option value).
 * The CLI prints the message and `usage` on stderr and exits with code 2.
 */
export class UsageError extends QuantlabError {
  readonly code = "USAGE";
  /** The usage text of the command that was being parsed. */
  readonly usage: string;

  constructor(message: string, usage: string) {
    super(message);
    this.name = "UsageError";
    this.usage = usage;
  }
}
