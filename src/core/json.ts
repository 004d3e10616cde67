// JSON as data: what the store keeps, what plans and mitigations carry. One type for both.
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Plain JSON: finite numbers, arrays and plain objects of JSON, no undefined inside arrays. */
export function isJson(v: unknown): v is Json {
  if (v === null || typeof v === "string" || typeof v === "boolean") return true;
  if (typeof v === "number") return Number.isFinite(v);
  if (Array.isArray(v)) return v.every(isJson);
  if (typeof v !== "object") return false;
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return false;
  return Object.values(v).every((x) => x === undefined || isJson(x));
}

/**
 * Typed data (a proposal, a write result, auto-heal rules) as the store's JSON. Checked, not cast: an
 * undefined field is dropped as JSON.stringify would, anything else that is not JSON throws.
 */
export function toJson(v: unknown): Json {
  if (!isJson(v)) throw new TypeError("not JSON data");
  return dropUndefined(v);
}

/** The same for an object, keeping its fields spreadable. */
export function toJsonObject(v: object): { [key: string]: Json } {
  const j = toJson(v);
  if (j === null || typeof j !== "object" || Array.isArray(j)) throw new TypeError("not a JSON object");
  return j;
}

function dropUndefined(v: Json): Json {
  if (Array.isArray(v)) return v.map(dropUndefined);
  if (v === null || typeof v !== "object") return v;
  const out: { [key: string]: Json } = {};
  for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = dropUndefined(x);
  return out;
}
