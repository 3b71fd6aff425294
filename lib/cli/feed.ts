import { CommandGroup } from "./command";
import { serveCommand } from "./feedServe";
import { watchCommand } from "./feedWatch";
import { FEED_GROUP } from "./groups";

/** `quantlab feed ...`: a loopback feed server and a bar watcher. */
export const feedGroup: CommandGroup = {
  ...FEED_GROUP,
  commands: [serveCommand, watchCommand],
};
