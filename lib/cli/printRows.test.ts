import { describe, expect, it } from "vitest";
import { toTable } from "../frame";
import { printable } from "./format";
import { printRows } from "./storeRead";

/** A writer that keeps what is printed; `isTTY` as a terminal or a pipe. */
const writer = (isTTY: boolean) => ({ isTTY, text: "", write(chunk: string) { this.text += chunk; } });

// A value that would clear the screen, set the window title, move the cursor up (C1 CSI) and reverse text.
const HOSTILE = "ok\u001b[2J\u001b]0;pwned\u0007\u009bA\u202eevil\u007f\r\nnext";
const table = toTable([["name\u001b[31m", [HOSTILE, "plain"]], ["n", [1, 2]]]);
const raw = (text: string) => /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/.test(text);

describe("printRows to a terminal", () => {
  it.each(["table", "csv"] as const)("%s: escapes every control character, names included", (format) => {
    const out = writer(true);
    printRows(out, format, table, 0);
    expect(raw(out.text), JSON.stringify(out.text)).toBe(false);
    expect(out.text).toContain("ok\\u001b[2J\\u001b]0;pwned\\u0007\\u009bA\\u202eevil\\u007f\\r\\nnext");
    expect(out.text).toContain("name\\u001b[31m");
    expect(out.text.trimEnd().split("\n"), "one line per row").toHaveLength(3);
  });

  it("csv to a file or pipe keeps the values byte for byte (quoted per RFC 4180)", () => {
    const out = writer(false);
    printRows(out, "csv", table, 0);
    expect(out.text).toBe(`name\u001b[31m,n\n"${HOSTILE}",1\nplain,2\n`);
  });
});

describe("printable", () => {
  it("escapes C0, DEL, C1 and bidi controls and leaves other text alone", () => {
    expect(printable("a\tb\u0000\u007f\u0085\u009f\u2066\u2069 é 中 🙂")).toBe("a\\tb\\u0000\\u007f\\u0085\\u009f\\u2066\\u2069 é 中 🙂");
  });
});
