import { DataError, InvalidDataError, StoreError } from "../../errors";
import { WriteCheck } from "../types";

/**
 * Runs one store call per item, in order. An item that fails with a StoreError gets a DataError in
 * its slot instead of stopping the batch; other errors (bugs) are thrown.
 */
export async function runBatch<I, R>(items: I[], symbolOf: (item: I) => string, run: (item: I) => Promise<R>): Promise<(R | DataError)[]> {
  const out: (R | DataError)[] = [];
  for (const item of items) {
    try {
      out.push(await run(item));
    } catch (error) {
      if (!(error instanceof StoreError)) throw error;
      out.push(new DataError(symbolOf(item), error));
    }
  }
  return out;
}

/**
 * A batch's view of a user's {@link WriteCheck}: whatever the check throws refuses that item only. A
 * StoreError passes unchanged; any other error becomes an InvalidDataError naming the symbol, with the
 * original as its `cause`, so that the batch records it in the item's slot instead of stopping.
 */
export function batchCheck(check: WriteCheck | undefined): WriteCheck | undefined {
  if (!check) return undefined;
  return (frame, context) => {
    try {
      check(frame, context);
    } catch (error) {
      if (error instanceof StoreError) throw error;
      const text = error instanceof Error ? error.message : String(error);
      throw new InvalidDataError(`the check refused the data for '${context.symbol}': ${text}`, {
        library: context.library,
        symbol: context.symbol,
        cause: error,
      });
    }
  };
}
