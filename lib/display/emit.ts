/**
 * Sends rich output to the notebook. Inside a tslab kernel a display is one `display_data` message that
 * holds every representation at once (the frontend picks the richest it can render); anywhere else (a
 * script under tsx, a test, the REPL) the plain-text representation goes to stdout.
 */

/** A display's representations, keyed by MIME type (`text/plain` is required). */
export type MimeBundle = { "text/plain": string } & Record<string, unknown>;

interface TslabJupyter {
  lastWriteDisplayData: ((data: { data: Record<string, unknown>; metadata: object; transient: object }, update: boolean) => void) | null;
}

const TSLAB_JUPYTER = /[\\/]tslab[\\/]dist[\\/]jupyter\.js$/;

/**
 * tslab's kernel module when this process is a tslab kernel that is executing a cell, else null. It is
 * looked up among loaded modules rather than required, so quantlab never loads tslab (and its ZeroMQ
 * bindings) outside a kernel.
 */
export function tslabKernel(): TslabJupyter | null {
  for (const id of Object.keys(require.cache)) {
    if (!TSLAB_JUPYTER.test(id)) continue;
    const exported = require.cache[id]?.exports as TslabJupyter | undefined;
    if (exported && typeof exported.lastWriteDisplayData === "function") return exported;
  }
  return null;
}

/**
 * Emits one display with all the representations in `bundle`.
 * @param bundle representations by MIME type; `text/plain` is what scripts and plain consoles show.
 * @param write where plain text goes outside a kernel. @default process.stdout.write
 * @example emitDisplay({ "text/plain": "3 rows", "text/html": "<b>3 rows</b>" });
 */
export function emitDisplay(bundle: MimeBundle, write: (text: string) => void = (t) => process.stdout.write(t)): void {
  const kernel = tslabKernel();
  if (kernel?.lastWriteDisplayData) {
    kernel.lastWriteDisplayData({ data: bundle, metadata: {}, transient: {} }, false);
    return;
  }
  write(bundle["text/plain"].endsWith("\n") ? bundle["text/plain"] : bundle["text/plain"] + "\n");
}
