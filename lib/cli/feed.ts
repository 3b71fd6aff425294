import { CommandGroup } from "./command";
import { serveCommand } from "./feedServe";
import { watchCommand } from "./feedWatch";

/** `quantlab feed ...`: a loopback feed server and a bar watcher. */
export const feedGroup: CommandGroup = {
  name: "feed",
  summary: "live trades: serve a synthetic or replayed feed, watch bars form",
  commonOptions: [],
  commands: [serveCommand, watchCommand],
};
