/**
 * Live bars: ticks (by exchange time) to bars for many symbols and timeframes, spilled to the store;
 * a WebSocket feed client with reconnects and staleness detection; a loopback feed server.
 * @example import { BarManager, connectFeed, startFeedServer } from "./lib/stream";
 */
export { BarManager } from "./BarManager";
export type { BarsQuery } from "./barsQuery";
export { alignTimeframes } from "./align";
export type { AlignedColumn, AlignTimeframesOptions } from "./align";
export type { BarManagerOptions } from "./BarManagerOptions";
export type { SeedOptions } from "./seedSession";
export type { Bar as LiveBar, BarEvent, BarManagerEvents, BarManagerHealth, BarManagerStats, RejectEvent, SpillErrorEvent, UpdateEvent } from "./events";
export type { Tick, RejectReason } from "./Tick";
export { REJECT_REASONS } from "./Tick";
export { StreamError } from "./StreamError";
export type { StreamErrorCode } from "./StreamError";
export { Feed, connectFeed } from "./feed/Feed";
export type { ConnectFeedOptions, FeedEvents, FeedGap, FeedHealth } from "./feed/Feed";
export { binanceAdapter, jsonAdapter } from "./feed/adapters";
export type { AdapterSink, FeedAdapter, KeepAlive } from "./feed/adapters";
export { binanceKlineAdapter } from "./feed/binanceKlineAdapter";
export { bybitAdapter } from "./feed/bybitAdapter";
export { reconnectDelay } from "./feed/backoff";
export type { ReconnectOptions } from "./feed/backoff";
export type { EndMessage, HeartbeatMessage, ServerMessage, SubscribeMessage, TradeMessage, TradesMessage } from "./feed/messages";
export { FeedServer, startFeedServer } from "./server/FeedServer";
export type { FeedServerOptions } from "./server/FeedServer";
export { intradayShape, syntheticTicks } from "./server/syntheticTicks";
export type { SyntheticOptions } from "./server/syntheticTicks";
export { replayTicks } from "./server/replayTicks";
export type { ReplaySpec } from "./server/replayTicks";
export type { TickSource } from "./server/TickSource";
export type { PriceRange, VolumeStats } from "./ringQueries";
// stats() shows itself as a notebook cell's result.
import "./statsDisplay";
