import { DataError, StoreError } from "../../errors";

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
