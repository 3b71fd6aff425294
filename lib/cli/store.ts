import { CommandGroup } from "./command";
import { describeCommand } from "./storeDescribe";
import { librariesCommand, snapshotsCommand, symbolsCommand, versionsCommand } from "./storeList";
import { readCommand } from "./storeRead";
import { sqlCommand } from "./storeSql";

/** `quantlab store ...`: browse the versioned store and query it with SQL. Every command only reads. */
export const storeGroup: CommandGroup = {
  name: "store",
  summary: "browse the versioned market-data store: libraries, symbols, versions, snapshots and data",
  commonOptions: [
    {
      name: "store",
      type: "string",
      value: "URI",
      help: 'the store: "duckdb:///abs/dir", "duckdb:./dir" or a folder [default: $QUANTLAB_STORE, else the project\'s db/]',
    },
    { name: "json", type: "boolean", help: "print JSON instead of a table or plain lines" },
  ],
  commands: [librariesCommand, symbolsCommand, versionsCommand, readCommand, sqlCommand, describeCommand, snapshotsCommand],
};
