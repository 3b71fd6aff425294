import { CommandGroup } from "./command";
import { addCommand, disableCommand, enableCommand, removeCommand, showCommand, updateCommand } from "./jobsManage";
import { historyCommand, listCommand } from "./jobsList";
import { exportCommand, runCommand } from "./jobsRun";
import { startCommand } from "./jobsStart";

/** `quantlab jobs ...`: register, run and schedule data jobs (scripts in jobs/ whose tables are stored as versions). */
export const jobsGroup: CommandGroup = {
  name: "jobs",
  summary: "scheduled data jobs: register scripts from jobs/, run them, see their runs, start the scheduler",
  commonOptions: [
    {
      name: "store",
      type: "string",
      value: "URI",
      help: 'the store: "duckdb:///abs/dir", "duckdb:./dir" or a folder [default: $QUANTLAB_STORE, else the project\'s db/]',
    },
    { name: "root", type: "string", value: "DIR", help: "the project whose jobs/ folder holds the scripts [default: quantlab's own]" },
    { name: "json", type: "boolean", help: "print JSON instead of a table or plain lines" },
  ],
  commands: [addCommand, updateCommand, listCommand, showCommand, runCommand, historyCommand, enableCommand, disableCommand, removeCommand, startCommand, exportCommand],
};
