// ValuesSplitter: each object of the top-level `values` array, whatever the chunk boundaries.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ValuesSplitter } from "../../src/azure/json-values.ts";

function split(doc: string, cuts: number[]): unknown[] {
  const out: unknown[] = [];
  const s = new ValuesSplitter((json) => out.push(JSON.parse(json)));
  const bytes = Buffer.from(doc);
  let at = 0;
  for (const c of [...cuts.map((x) => x % (bytes.length + 1)).sort((a, b) => a - b), bytes.length]) {
    s.write(bytes.subarray(at, c));
    at = c;
  }
  s.end();
  return out;
}

// Strings full of what a byte scanner could trip on: quotes, backslashes, brackets, multi-byte characters.
const tricky = fc.string({ unit: fc.constantFrom("a", '"', "\\", "{", "}", "[", "]", ":", ",", "é", "🙂", "\n") });
const resource = fc.record({
  resourceid: tricky,
  value: fc.array(fc.record({ name: fc.record({ value: tricky }), data: fc.array(fc.double({ noNaN: true })) })),
  nested: fc.jsonValue(),
});

describe("ValuesSplitter", () => {
  it("yields each element of values, in order, for any chunking", () => {
    fc.assert(
      fc.property(
        fc.array(resource, { maxLength: 6 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.jsonValue(),
        (values, cuts, other) => {
          // Other top-level keys, before and after, may hold anything, even a key named "values".
          const doc = JSON.stringify({ before: { values: [1, { a: 2 }] }, values, after: other, 'x"values': [[]] });
          expect(split(doc, cuts)).toEqual(JSON.parse(doc).values);
        },
      ),
    );
  });

  it("reads indented JSON and skips elements of values that are not objects", () => {
    const doc = `{\n  "values" : [ 1, "{", {"resourceid": "a", "value": []}, [ {"x": 1} ], null,\n {"resourceid":"b"} ]\n}`;
    expect(split(doc, [7, 30])).toEqual([{ resourceid: "a", value: [] }, { resourceid: "b" }]);
  });

  it("yields nothing for a document without values", () => {
    expect(split('{"error": {"code": "BadRequest", "values": [{"a": 1}]}}', [])).toEqual([]);
  });

  it("says a body cut off inside an element or a string ended early", () => {
    const s = new ValuesSplitter(() => undefined);
    s.write(Buffer.from('{"values":[{"resourceid":"a"},{"resourceid":"b'));
    expect(s.elements).toBe(1);
    expect(() => s.end()).toThrow(/ended early .* 1 resources/);
    const t = new ValuesSplitter(() => undefined);
    t.write(Buffer.from('{"values":[]'));
    expect(() => t.end()).toThrow(/ended early/);
  });
});
