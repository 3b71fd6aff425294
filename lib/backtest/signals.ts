import { InvalidOptionError } from "./errors";

/** Entry and exit signals per bar (truthy = signal), for long and optionally short positions. */
export interface EntryExitSignals {
  entries: ArrayLike<number | boolean>;
  exits?: ArrayLike<number | boolean>;
  shortEntries?: ArrayLike<number | boolean>;
  shortExits?: ArrayLike<number | boolean>;
}

/**
 * Turns entry/exit signals into target positions: a long entry makes the target 1 until a long exit
 * (or a short entry), a short entry makes it -1 until a short exit (or a long entry); an exit and an
 * entry on the same bar leave the entry in force. Without exits, a position is held until the
 * opposite entry.
 * @throws InvalidOptionError when the arrays differ in length.
 * @example signalsToTarget({ entries: [0, 1, 0, 0], exits: [0, 0, 0, 1] }) // Int8Array [0, 1, 1, 0]
 */
export function signalsToTarget(signals: EntryExitSignals): Int8Array {
  const n = signals.entries.length;
  for (const key of ["exits", "shortEntries", "shortExits"] as const) {
    const a = signals[key];
    if (a && a.length !== n) throw new InvalidOptionError(`signalBacktest: '${key}' has ${a.length} values but 'entries' has ${n}`, { option: key });
  }
  const { entries, exits, shortEntries, shortExits } = signals;
  const target = new Int8Array(n);
  let state = 0;
  for (let i = 0; i < n; i++) {
    if (state > 0 && exits && exits[i]) state = 0;
    if (state < 0 && shortExits && shortExits[i]) state = 0;
    if (entries[i]) state = 1;
    else if (shortEntries && shortEntries[i]) state = -1;
    target[i] = state;
  }
  return target;
}
