import { CommandGroup } from "./command";
import { addCommand, disableCommand, enableCommand, removeCommand, showCommand, updateCommand } from "./jobsManage";
import { historyCommand, listCommand } from "./jobsList";
import { exportCommand, runCommand } from "./jobsRun";
import { startCommand } from "./jobsStart";
import { JOBS_GROUP } from "./groups";

/** `quantlab jobs ...`: register, run and schedule data jobs (scripts in jobs/ whose tables are stored as versions). */
export const jobsGroup: CommandGroup = {
  ...JOBS_GROUP,
  commands: [addCommand, updateCommand, listCommand, showCommand, runCommand, historyCommand, enableCommand, disableCommand, removeCommand, startCommand, exportCommand],
};
