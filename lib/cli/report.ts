import * as fs from "fs";
import * as path from "path";
import { allNotebooks, writeReports } from "../../kernel/reports";
import { Command, CommandGroup } from "./command";
import { UsageError } from "./UsageError";
import { REPORT_GROUP } from "./groups";

/** `quantlab report [NOTEBOOK...]`, which `npm run report` runs. */
const runCommand: Command = {
  name: "run",
  args: "[NOTEBOOK...]",
  summary: "execute notebooks and write self-contained HTML reports (all of notebooks/ when none is named)",
  options: [
    { name: "out", type: "string", value: "DIR", help: "folder for the HTML files [default: reports/ in the project]" },
    { name: "no-input", type: "boolean", help: "outputs only, no code" },
  ],
  positionals: [0, 100],
  async run({ positionals, values, io, usage }) {
    const notebooks = positionals.length ? positionals.map((p) => path.resolve(p)) : allNotebooks();
    const missing = notebooks.find((nb) => !fs.existsSync(nb));
    if (missing) throw new UsageError(`no notebook at '${missing}'`, { usage });
    const out = typeof values.out === "string" ? path.resolve(values.out) : undefined;
    const runs = await writeReports(notebooks, { out, noInput: values["no-input"] === true, progress: io.stderr });
    return runs.every((r) => r.ok) ? 0 : 1;
  },
};

/** `quantlab report ...`: research reports from notebooks. */
export const reportGroup: CommandGroup = {
  ...REPORT_GROUP,
  commands: [runCommand],
  defaultCommand: "run",
};
