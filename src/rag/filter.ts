/**
 * Metadata filters in the syntax of Bedrock's `RetrievalFilter` (API reference
 * "RetrievalFilter", Agents for Amazon Bedrock Runtime, read 2026-11-30): checked once
 * before any request, then applied to each chunk's metadata before the top-k cut.
 */
import { ValidationError } from "bedrock-kit";

/** A value a filter compares with: Bedrock's filter attribute values. */
export type FilterValue = string | number | boolean | (string | number)[];

/** One comparison: the metadata attribute `key` against `value`. */
export interface FilterAttribute {
  /** The metadata attribute's name, e.g. `region` (or `x-amz-bedrock-kb-source-uri`). */
  key: string;
  /** What the attribute is compared with. */
  value: FilterValue;
}

/** Passes when the attribute equals the value. */
export interface EqualsFilter {
  /** The attribute and the value. */
  equals: FilterAttribute;
}

/** Passes when the attribute differs from the value (or is absent). */
export interface NotEqualsFilter {
  /** The attribute and the value. */
  notEquals: FilterAttribute;
}

/** Passes when the number attribute is greater than the value. */
export interface GreaterThanFilter {
  /** The attribute and the value. */
  greaterThan: FilterAttribute;
}

/** Passes when the number attribute is at least the value. */
export interface GreaterThanOrEqualsFilter {
  /** The attribute and the value. */
  greaterThanOrEquals: FilterAttribute;
}

/** Passes when the number attribute is less than the value. */
export interface LessThanFilter {
  /** The attribute and the value. */
  lessThan: FilterAttribute;
}

/** Passes when the number attribute is at most the value. */
export interface LessThanOrEqualsFilter {
  /** The attribute and the value. */
  lessThanOrEquals: FilterAttribute;
}

/** Passes when the attribute is one of the listed values. */
export interface InFilter {
  /** The attribute and the value. */
  in: FilterAttribute;
}

/** Passes when the attribute is none of the listed values. */
export interface NotInFilter {
  /** The attribute and the value. */
  notIn: FilterAttribute;
}

/** Passes when the string attribute starts with the value. */
export interface StartsWithFilter {
  /** The attribute and the value. */
  startsWith: FilterAttribute;
}

/** Passes when the list attribute holds the value. */
export interface ListContainsFilter {
  /** The attribute and the value. */
  listContains: FilterAttribute;
}

/** Passes when the string attribute (or a string of the list attribute) contains the value. */
export interface StringContainsFilter {
  /** The attribute and the value. */
  stringContains: FilterAttribute;
}

/** Passes when every filter passes. */
export interface AndAllFilter {
  /** Two or more filters. */
  andAll: RetrievalFilter[];
}

/** Passes when any filter passes. */
export interface OrAllFilter {
  /** Two or more filters. */
  orAll: RetrievalFilter[];
}

/**
 * Bedrock's `RetrievalFilter`: exactly one operator per object. `andAll` and `orAll` take
 * two or more filters; `greaterThan…`/`lessThan…` compare numbers; `in`/`notIn` take a
 * list; `startsWith` and `stringContains` compare strings; `listContains` asks whether a
 * list attribute holds the value.
 */
export type RetrievalFilter =
  | EqualsFilter
  | NotEqualsFilter
  | GreaterThanFilter
  | GreaterThanOrEqualsFilter
  | LessThanFilter
  | LessThanOrEqualsFilter
  | InFilter
  | NotInFilter
  | StartsWithFilter
  | ListContainsFilter
  | StringContainsFilter
  | AndAllFilter
  | OrAllFilter;

/** Metadata values a chunk can carry: Bedrock's attribute types (string, number, boolean, string list). */
export type MetadataValue = string | number | boolean | string[];

/** A document's or chunk's metadata: flat attributes. */
export type Metadata = Record<string, MetadataValue>;

/** True for a value metadata can hold: a string, a finite number, a boolean or a list of strings. */
export function isMetadataValue(value: unknown): value is MetadataValue {
  return typeof value === "string" || typeof value === "boolean" || (typeof value === "number" && Number.isFinite(value)) || (Array.isArray(value) && value.every((item) => typeof item === "string"));
}

type Comparison = (actual: MetadataValue | undefined, expected: FilterValue) => boolean;

const isScalar = (value: unknown): value is string | number | boolean => ["string", "number", "boolean"].includes(typeof value);
const isList = (value: unknown): value is (string | number)[] => Array.isArray(value) && value.every((item) => typeof item === "string" || typeof item === "number");

/** Each attribute operator: the value types it takes (for the check) and how it compares. */
const comparisons: Record<string, { accepts: (value: unknown) => boolean; expected: string; compare: Comparison }> = {
  equals: { accepts: isScalar, expected: "a string, number or boolean", compare: (actual, expected) => actual === expected },
  notEquals: { accepts: isScalar, expected: "a string, number or boolean", compare: (actual, expected) => actual !== expected },
  greaterThan: { accepts: (value) => typeof value === "number", expected: "a number", compare: (actual, expected) => typeof actual === "number" && actual > (expected as number) },
  greaterThanOrEquals: { accepts: (value) => typeof value === "number", expected: "a number", compare: (actual, expected) => typeof actual === "number" && actual >= (expected as number) },
  lessThan: { accepts: (value) => typeof value === "number", expected: "a number", compare: (actual, expected) => typeof actual === "number" && actual < (expected as number) },
  lessThanOrEquals: { accepts: (value) => typeof value === "number", expected: "a number", compare: (actual, expected) => typeof actual === "number" && actual <= (expected as number) },
  in: { accepts: isList, expected: "a list of strings or numbers", compare: (actual, expected) => (expected as (string | number)[]).some((item) => item === actual) },
  notIn: { accepts: isList, expected: "a list of strings or numbers", compare: (actual, expected) => !(expected as (string | number)[]).some((item) => item === actual) },
  startsWith: { accepts: (value) => typeof value === "string", expected: "a string", compare: (actual, expected) => typeof actual === "string" && actual.startsWith(expected as string) },
  listContains: {
    accepts: (value) => typeof value === "string" || typeof value === "number",
    expected: "a string or number",
    compare: (actual, expected) => Array.isArray(actual) && actual.some((item) => item === expected),
  },
  stringContains: {
    accepts: (value) => typeof value === "string",
    expected: "a string",
    compare: (actual, expected) =>
      typeof actual === "string" ? actual.includes(expected as string) : Array.isArray(actual) && actual.some((item) => item.includes(expected as string)),
  },
};

const operatorNames = [...Object.keys(comparisons), "andAll", "orAll"];

/**
 * Throws {@link ValidationError} naming the field (e.g. `filter.andAll[1].greaterThan.value`)
 * for an unknown operator, more or fewer than one operator in an object, a missing key, a
 * value of the wrong type, or `andAll`/`orAll` with fewer than two filters.
 */
export function checkFilter(filter: unknown, field = "filter"): asserts filter is RetrievalFilter {
  if (typeof filter !== "object" || filter === null || Array.isArray(filter)) throw new ValidationError(`Invalid ${field}: expected an object with one operator`, { field });
  const keys = Object.keys(filter);
  if (keys.length !== 1) throw new ValidationError(`Invalid ${field}: expected exactly one operator (${operatorNames.join(", ")}), got ${keys.length}`, { field });
  const operator = keys[0]!;
  const operand = (filter as Record<string, unknown>)[operator];
  if (operator === "andAll" || operator === "orAll") {
    if (!Array.isArray(operand) || operand.length < 2) throw new ValidationError(`Invalid ${field}.${operator}: expected a list of two or more filters`, { field: `${field}.${operator}` });
    operand.forEach((inner, index) => checkFilter(inner, `${field}.${operator}[${index}]`));
    return;
  }
  const comparison = comparisons[operator];
  if (!comparison) throw new ValidationError(`Invalid ${field}: unknown operator "${operator}"; known: ${operatorNames.join(", ")}`, { field });
  const attribute = operand as Partial<FilterAttribute> | null;
  if (typeof attribute !== "object" || attribute === null || typeof attribute.key !== "string" || attribute.key === "") {
    throw new ValidationError(`Invalid ${field}.${operator}.key: expected a non-empty string`, { field: `${field}.${operator}.key` });
  }
  if (!comparison.accepts(attribute.value)) throw new ValidationError(`Invalid ${field}.${operator}.value: expected ${comparison.expected}`, { field: `${field}.${operator}.value` });
}

/** True when the metadata passes the (already checked) filter. */
export function matchesFilter(filter: RetrievalFilter, metadata: Metadata): boolean {
  const [operator, operand] = Object.entries(filter)[0] as [string, unknown];
  if (operator === "andAll") return (operand as RetrievalFilter[]).every((inner) => matchesFilter(inner, metadata));
  if (operator === "orAll") return (operand as RetrievalFilter[]).some((inner) => matchesFilter(inner, metadata));
  const { key, value } = operand as FilterAttribute;
  return comparisons[operator]!.compare(metadata[key], value);
}
