/** The `quantlab` entry point (bin/quantlab runs it as the bundle dist/cli.js; `npm run quantlab` through tsx): runs main and exits with its code. */
import { main } from "./index";

// `quantlab ... | head` closes stdout early; that is not an error.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
