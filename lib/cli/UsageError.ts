import { QuantlabError } from "../errors";
import type { ErrorDetails } from "../errors";

/** What a usage error carries: the usage text of the command being parsed. */
export interface UsageErrorDetails extends ErrorDetails {
  usage: string;
}

/**
 * The command line was wrong (unknown command or option, missing or extra argument, bad option value).
 * The CLI prints the message and `usage` on stderr and exits with code 2.
 */
export class UsageError extends QuantlabError {
  readonly code = "USAGE";
  /** The usage text of the command that was being parsed. */
  readonly usage: string;

  constructor(message: string, details: UsageErrorDetails) {
    super(message, details);
    this.usage = details.usage;
  }
}
