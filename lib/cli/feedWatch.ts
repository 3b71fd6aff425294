import { BarManager, binanceKlineAdapter, connectFeed } from "../stream";
import type { BarEvent, FeedAdapter } from "../stream";
import { stringOption } from "./args";
import { Command } from "./command";
import { durationOption, listOption, reportStreamErrors, untilStopped } from "./feedRun";
import { println } from "./io";
import { UsageError } from "./UsageError";

const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toPrecision(8).replace(/\.?0+$/, ""));

/** One closed bar as a text line. */
export function barLine(e: BarEvent): string {
  const b = e.bar;
  const flags = (e.empty ? " empty" : "") + (e.late ? " late" : "");
  return `${new Date(b.timestamp).toISOString()} ${e.symbol} ${e.timeframe} O ${fmt(b.open)} H ${fmt(b.high)} L ${fmt(b.low)} C ${fmt(b.close)} V ${fmt(b.volume)} (${b.ticks} ticks)${flags}`;
}

const ADAPTER_HELP = "json, binance (trades), bybit (public trades) or binance-kline:INTERVAL (e.g. binance-kline:1m)";

/**
 * The adapter `--adapter` names: json, binance, bybit, or `binance-kline:<interval>` (a Binance kline
 * stream of that interval).
 * @throws UsageError naming the value when it is none of these, or the interval is one Binance does not stream.
 */
export function adapterOption(name: string, usage: string): "json" | "binance" | "bybit" | FeedAdapter {
  if (name === "json" || name === "binance" || name === "bybit") return name;
  const kline = /^binance-kline:(.+)$/.exec(name);
  if (kline) {
    try {
      return binanceKlineAdapter(kline[1]);
    } catch (error) {
      throw new UsageError(`--adapter ${name}: ${(error as Error).message}`, { usage });
    }
  }
  throw new UsageError(`--adapter must be ${ADAPTER_HELP}, got '${name}'`, { usage });
}

/** `quantlab feed watch URL`: prints bars as they close. */
export const watchCommand: Command = {
  name: "watch",
  args: "URL",
  summary: "connect to a feed and print bars as they close",
  description:
    "Connects to a WebSocket trade feed (reconnecting with backoff), builds bars and prints each bar when it\n" +
    "closes, one line per bar (or a JSON object per line with --json). Stops on Ctrl-C or after --duration\n" +
    "and prints the tick statistics.",
  options: [
    { name: "timeframes", type: "string", value: "A,B", help: "timeframes to build [default: 1s,1m]" },
    { name: "symbols", type: "string", value: "A,B", help: "symbols to subscribe to [default: all]" },
    { name: "adapter", type: "string", value: "NAME", help: `message format: ${ADAPTER_HELP} [default: json]` },
    { name: "duration", type: "string", value: "S", help: "stop after S seconds [default: run until Ctrl-C]" },
    { name: "json", type: "boolean", help: "print each bar as a JSON line" },
  ],
  positionals: [1, 1],
  async run({ positionals, values, io, usage }) {
    const adapter = adapterOption(stringOption(values, "adapter") ?? "json", usage);
    const duration = durationOption(values, usage);
    const timeframes = listOption(values, "timeframes") ?? ["1s", "1m"];
    return reportStreamErrors(io.stderr, async () => {
      const bars = new BarManager({ timeframes });
      const feed = await connectFeed(positionals[0], { adapter, symbols: listOption(values, "symbols") ?? [] }).catch(async (error) => {
        await bars.close();
        throw error;
      });
      feed.pipe(bars);
      bars.on("bar", (e) => println(io.stdout, values.json ? JSON.stringify(e) : barLine(e)));
      feed.on("disconnect", (d) => println(io.stderr, `disconnected (${d.code})${d.willReconnect ? ", reconnecting" : ""}`));
      feed.on("gap", (g) => println(io.stderr, `gap of ${g.ms} ms after reconnect`));
      try {
        await untilStopped(duration);
      } finally {
        await feed.close();
        const s = bars.stats();
        await bars.close();
        const rejected = Object.values(s.rejected).reduce((a, b) => a + b, 0);
        println(io.stderr, `${s.accepted} ticks, ${s.barsEmitted} bars, ${rejected} rejected, ${s.late.dropped} late`);
      }
    });
  },
};
