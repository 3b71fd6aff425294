import { CommandGroup } from "./command";
import { describeCommand } from "./storeDescribe";
import { librariesCommand, snapshotsCommand, symbolsCommand, versionsCommand } from "./storeList";
import { exportCommand } from "./storeExport";
import { readCommand } from "./storeRead";
import { sqlCommand } from "./storeSql";
import { whereCommand } from "./storeWhere";
import { STORE_GROUP } from "./groups";

/** `quantlab store ...`: browse the versioned store and query it with SQL. Every command only reads the store (`export` writes files outside it). */
export const storeGroup: CommandGroup = {
  ...STORE_GROUP,
  commands: [librariesCommand, symbolsCommand, versionsCommand, readCommand, sqlCommand, describeCommand, snapshotsCommand, exportCommand, whereCommand],
};
