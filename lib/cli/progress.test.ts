import { describe, expect, it } from "vitest";
import { progressBar } from "./progress";

/** A stream that records what is written, optionally claiming to be a terminal. */
function stream(isTTY: boolean, columns = 80) {
  const chunks: string[] = [];
  return { chunks, isTTY, columns, write: (text: string) => chunks.push(text) };
}

describe("progressBar", () => {
  it("not a terminal: one plain line per step, no control characters", () => {
    const out = stream(false);
    const bar = progressBar(out, { total: 3, label: "validate" });
    bar.tick("AAPL");
    bar.tick("MSFT");
    bar.tick();
    bar.done();
    expect(out.chunks.join("")).toBe("validate: 1/3 AAPL\nvalidate: 2/3 MSFT\nvalidate: 3/3\n");
  });

  it("a terminal: one line redrawn in place, the bar filled in proportion, cleared by done()", () => {
    const out = stream(true);
    const bar = progressBar(out, { total: 4, label: "validate", width: 8 });
    bar.tick("A");
    bar.tick("B");
    expect(out.chunks).toEqual(["\r\x1b[2Kvalidate [##------] 1/4 A", "\r\x1b[2Kvalidate [####----] 2/4 B"]);
    bar.done();
    bar.done();
    bar.tick("late");
    expect(out.chunks.slice(2)).toEqual(["\r\x1b[2K"]);
  });

  it("a narrow terminal cuts the line rather than wrap it; `tty` overrides detection", () => {
    const out = stream(true, 20);
    progressBar(out, { total: 1, width: 4, label: "x" }).tick("A-VERY-LONG-SYMBOL-NAME");
    expect(out.chunks[0]).toBe("\r\x1b[2K" + "x [####] 1/1 A-VERY-LONG".slice(0, 19));
    const plain = stream(true);
    progressBar(plain, { total: 1, tty: false }).tick();
    expect(plain.chunks).toEqual(["progress: 1/1\n"]);
  });

  it("zero total: a full bar, no division by zero", () => {
    const out = stream(true);
    progressBar(out, { total: 0, width: 2 }).tick();
    expect(out.chunks[0]).toBe("\r\x1b[2Kprogress [##] 1/0");
  });
});
