import { Arctic } from "../store";
import { FeedServer, startFeedServer } from "../stream";
import { integerOption, stringOption } from "./args";
import { Command } from "./command";
import { durationOption, listOption, reportStreamErrors, untilStopped } from "./feedRun";
import { println } from "./io";
import { storeUri } from "./openStore";
import { UsageError } from "./UsageError";

/** `quantlab feed serve`: a loopback feed server, synthetic or replaying a stored symbol. */
export const serveCommand: Command = {
  name: "serve",
  args: "",
  summary: "serve trades over WebSocket on 127.0.0.1: synthetic, or a stored symbol replayed",
  description:
    "Starts a feed server on loopback and prints its URL, then serves until Ctrl-C (or --duration).\n" +
    "Messages are JSON text frames: {type:'trades',trades:[{symbol,timestamp,price,size}]}, {type:'heartbeat',timestamp}, {type:'end'};\n" +
    "clients may send {type:'subscribe',symbols:[...]}. With --replay LIBRARY/SYMBOL the symbol's rows\n" +
    "(price/size, or close/volume) are replayed at --speed; otherwise seeded synthetic trades are sent.",
  options: [
    { name: "port", type: "string", value: "N", help: "TCP port; 0 picks a free one [default: 0]" },
    { name: "symbols", type: "string", value: "A,B", help: "synthetic symbols [default: BTCUSD,ETHUSD]" },
    { name: "seed", type: "string", value: "N", help: "seed of the synthetic random walk [default: 1]" },
    { name: "rate", type: "string", value: "N", help: "synthetic trades per second per symbol [default: 20]" },
    { name: "replay", type: "string", value: "LIB/SYMBOL", help: "replay a stored symbol instead of synthetic trades" },
    { name: "speed", type: "string", value: "X", help: "replay speed, data time per wall time; 'max' for as fast as possible [default: 1]" },
    { name: "store", type: "string", value: "URI", help: "the store for --replay [default: $QUANTLAB_STORE, else the project's db/]" },
    { name: "duration", type: "string", value: "S", help: "stop after S seconds [default: run until Ctrl-C]" },
  ],
  positionals: [0, 0],
  async run({ values, io, usage }) {
    const port = integerOption(values, "port", usage) ?? 0;
    const seed = integerOption(values, "seed", usage);
    const rate = integerOption(values, "rate", usage, 1);
    const duration = durationOption(values, usage);
    const replay = stringOption(values, "replay");
    const speedText = stringOption(values, "speed");
    const speed = speedText === undefined ? 1 : speedText === "max" ? Infinity : Number(speedText);
    if (!(speed > 0)) throw new UsageError(`--speed must be a number > 0 or 'max', got '${speedText}'`, { usage });
    return reportStreamErrors(io.stderr, async () => {
      let server: FeedServer;
      if (replay !== undefined) {
        const slash = replay.indexOf("/");
        if (slash <= 0 || slash === replay.length - 1) throw new UsageError(`--replay must be LIBRARY/SYMBOL, got '${replay}'`, { usage });
        // The replay reads the symbol once at start; the store is closed again before serving.
        const arctic = await Arctic.open(storeUri(stringOption(values, "store")));
        try {
          const library = await arctic.getLibrary(replay.slice(0, slash));
          server = await startFeedServer({ port, source: { library, symbol: replay.slice(slash + 1), speed } });
        } finally {
          await arctic.close();
        }
      } else {
        server = await startFeedServer({ port, synthetic: { symbols: listOption(values, "symbols"), seed, ticksPerSecond: rate } });
      }
      println(io.stdout, `feed server listening on ${server.url}`);
      try {
        await untilStopped(duration);
      } finally {
        await server.close();
      }
      println(io.stdout, `sent ${server.ticksSent} trades; stopped`);
    });
  },
};
