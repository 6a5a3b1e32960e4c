/**
 * Copies values the user hands over as JSON (`native`, a tool's `inputSchema`, a tool
 * call's `input`) into plain JSON before the network, the way `JSON.stringify` reads them,
 * so that a BigInt or a cycle fails as a `ValidationError` naming the field instead of a
 * `TypeError` from deep inside a call.
 */
import { ValidationError } from "./errors.js";

/** Where a value sits, e.g. `native.a[2]`, and the model it is for. */
interface Place {
  readonly field: string;
  readonly modelId: string | undefined;
}

function invalid(place: Place, problem: string, cause?: unknown): ValidationError {
  return new ValidationError(`Invalid ${place.field}: ${problem}`, { field: place.field, modelId: place.modelId, cause });
}

/** Runs a read of the user's object (a getter, a `toJSON`); a throw becomes a ValidationError whose `cause` is the user's error. */
function read<Value>(place: Place, reading: () => Value): Value {
  try {
    return reading();
  } catch (error) {
    throw invalid(place, "reading it threw (a getter or toJSON of yours); the error thrown is the `cause`", error);
  }
}

/** True for `{}`-like objects of any realm (their prototype is a realm's `Object.prototype`, or null). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === null || Object.getPrototypeOf(prototype) === null;
}

function copy(value: unknown, key: string, place: Place, ancestors: Set<object>): unknown {
  let current = value;
  if ((typeof current === "object" && current !== null) || typeof current === "bigint") {
    const toJson = read(place, () => (current as { toJSON?: unknown }).toJSON);
    if (typeof toJson === "function") current = read(place, () => toJson.call(current, key));
  }
  // Boxed primitives (new Number(1), new String("a")) serialize as their primitive.
  if (current instanceof Number) current = read(place, () => Number(current));
  else if (current instanceof String) current = read(place, () => String(current));
  else if (current instanceof Boolean || current instanceof BigInt) current = current.valueOf();

  if (current === null || typeof current === "boolean" || typeof current === "string") return current;
  if (typeof current === "number") return Number.isFinite(current) ? current : null;
  if (typeof current === "bigint") throw invalid(place, "a BigInt cannot be sent as JSON; use a number or a string");
  if (typeof current !== "object") return undefined; // undefined, functions and symbols: left out, as JSON.stringify does.
  if (ancestors.has(current)) throw invalid(place, "the value refers to itself (a cycle) and cannot be sent as JSON");
  ancestors.add(current);
  try {
    if (Array.isArray(current)) {
      const items = current as unknown[];
      const length = read(place, () => items.length);
      return Array.from({ length }, (_, index) => {
        const itemPlace = { ...place, field: `${place.field}[${index}]` };
        const item = read(itemPlace, () => items[index]);
        return copy(item, String(index), itemPlace, ancestors) ?? null;
      });
    }
    const source = current as Record<string, unknown>;
    const result: Record<string, unknown> = {};
    for (const name of read(place, () => Object.keys(source))) {
      const memberPlace = { ...place, field: `${place.field}.${name}` };
      const member = copy(read(memberPlace, () => source[name]), name, memberPlace, ancestors);
      if (member !== undefined) result[name] = member;
    }
    return result;
  } finally {
    ancestors.delete(current);
  }
}

/**
 * Returns a plain-JSON copy of `value` read once, as `JSON.stringify` would read it:
 * `toJSON` is called, `undefined`, functions and symbols are left out (null in arrays),
 * non-finite numbers become null. Throws {@link ValidationError} naming the field (for
 * example `native.a.b[2]`) for a BigInt or a cycle; when a getter or `toJSON` of the
 * user's throws, the ValidationError names the field and carries the user's error as
 * `cause` (its message is not repeated, since it may hold request text).
 */
export function toJsonCopy(value: unknown, field: string, modelId: string | undefined): unknown {
  return copy(value, "", { field, modelId }, new Set());
}
