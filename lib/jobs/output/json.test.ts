import { describe, expect, it } from "vitest";
import { parseJson } from "./json";

describe("parseJson", () => {
  it("reads JSON lines, a JSON array of rows, a pretty-printed object of columns and a one-line one", () => {
    expect(parseJson('{"a":1}\n\n{"a":2,"b":"x"}\n')).toEqual([{ a: 1 }, { a: 2, b: "x" }]);
    expect(parseJson('[{"a":1},{"a":2}]')).toEqual([{ a: 1 }, { a: 2 }]);
    expect(parseJson('{\n  "a": [1, 2],\n  "b": ["x", "y"]\n}\n')).toEqual({ a: [1, 2], b: ["x", "y"] });
    expect(parseJson('{"a": [1, 2]}')).toEqual({ a: [1, 2] });
  });

  it("names the line that is not JSON or not an object", () => {
    expect(() => parseJson('{"a":1}\n{"a":\n')).toThrow(/^output line 2: not valid JSON/);
    expect(() => parseJson('{"a":1}\n[1]\n')).toThrow("output line 2: a JSON array where an object is expected");
    expect(() => parseJson("[1, 2]")).toThrow("element 0 of the JSON array is not an object");
  });
});
