import * as fs from "fs";
import { storeLocationReason } from "../store";
import { stringOption } from "./args";
import { Command } from "./command";
import { prettyJson } from "./format";
import { println } from "./io";
import { storeLocation } from "./openStore";

/** `quantlab store where`: the store the other commands would open, and why that one. */
export const whereCommand: Command = {
  name: "where",
  args: "",
  summary: "print the store's folder and why it is that one (--store, QUANTLAB_STORE, the project's db/ or ./db)",
  description:
    "Prints the folder of the store that the other commands open, then why: given by --store, from\n" +
    "QUANTLAB_STORE, the db/ of the quantlab project around the working directory (the nearest folder\n" +
    "upwards whose package.json is quantlab's or lists quantlab as a dependency), or else ./db. Opens\n" +
    "nothing. With --json: {uri, path, source, project, exists}.",
  options: [],
  positionals: [0, 0],
  async run({ values, io }) {
    const location = storeLocation(stringOption(values, "store"));
    const exists = location.path === null || fs.existsSync(location.path);
    if (values.json) {
      println(io.stdout, prettyJson({ ...location, exists }));
      return;
    }
    println(io.stdout, location.path ?? location.uri);
    println(io.stdout, `(${storeLocationReason(location)}${exists ? "" : "; no such folder yet"})`);
  },
};
