/**
 * The feed's wire format (JSON text frames), shared by the feed server and the "json" adapter.
 *
 * Server to client:
 * - `{"type":"trade","symbol":"BTCUSD","timestamp":1714564800123.5,"price":64000.5,"size":0.25}` one trade;
 *   `timestamp` is the exchange time in epoch milliseconds (fraction = microseconds).
 * - `{"type":"trades","trades":[{"symbol":..,"timestamp":..,"price":..,"size":..}, ...]}` several trades
 *   in time order (the server sends one per send interval).
 * - `{"type":"heartbeat","timestamp":1714564801000}` the exchange clock, sent even when no trade happens;
 *   a client uses it to close bars in a quiet market and to tell a quiet market from a dead socket.
 * - `{"type":"end"}` a replay has sent its last trade.
 *
 * Client to server:
 * - `{"type":"subscribe","symbols":["BTCUSD","ETHUSD"]}` trades of these symbols only; an empty list
 *   (or no subscribe message) means every symbol.
 */
export interface TradeMessage {
  type: "trade";
  symbol: string;
  timestamp: number;
  price: number;
  size: number;
}

export interface TradesMessage {
  type: "trades";
  trades: { symbol: string; timestamp: number; price: number; size: number }[];
}

export interface HeartbeatMessage {
  type: "heartbeat";
  timestamp: number;
}

export interface EndMessage {
  type: "end";
}

export interface SubscribeMessage {
  type: "subscribe";
  symbols: string[];
}

/** Any message the feed server sends. */
export type ServerMessage = TradeMessage | TradesMessage | HeartbeatMessage | EndMessage;
