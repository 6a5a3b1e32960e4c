/**
 * A small JSON Schema validator for tool inputs: the keywords models' tool schemas use.
 * Checked: `type` (one or a list; `integer` too), `enum`, `const`, `properties`,
 * `required`, `additionalProperties` (false or a schema), `items` (one schema),
 * `minItems`, `maxItems`, `minLength`, `maxLength`, `pattern`, `minimum`, `maximum`,
 * `exclusiveMinimum`, `exclusiveMaximum` (numbers), `anyOf`, `oneOf`, `allOf`, `nullable`
 * (OpenAPI 3.0). Other keywords (`$ref`, `format`, `if`/`then`, …) are not checked.
 * @module
 */
import { isRecord } from "../encoding.js";

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

function matchesType(value: unknown, type: string): boolean {
  switch (type) {
    case "integer":
      return typeof value === "number" && Number.isInteger(value);
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "object":
      return isRecord(value);
    default:
      return typeOf(value) === type;
  }
}

function sameJson(left: unknown, right: unknown): boolean {
  return JSON.stringify(left) === JSON.stringify(right);
}

function checkNumber(value: number, schema: Record<string, unknown>, path: string, problems: string[]): void {
  if (typeof schema.minimum === "number" && value < schema.minimum) problems.push(`${path}: must be ${schema.minimum} or more`);
  if (typeof schema.maximum === "number" && value > schema.maximum) problems.push(`${path}: must be ${schema.maximum} or less`);
  if (typeof schema.exclusiveMinimum === "number" && value <= schema.exclusiveMinimum) problems.push(`${path}: must be more than ${schema.exclusiveMinimum}`);
  if (typeof schema.exclusiveMaximum === "number" && value >= schema.exclusiveMaximum) problems.push(`${path}: must be less than ${schema.exclusiveMaximum}`);
}

function checkString(value: string, schema: Record<string, unknown>, path: string, problems: string[]): void {
  const length = [...value].length;
  if (typeof schema.minLength === "number" && length < schema.minLength) problems.push(`${path}: must have ${schema.minLength} characters or more`);
  if (typeof schema.maxLength === "number" && length > schema.maxLength) problems.push(`${path}: must have ${schema.maxLength} characters or fewer`);
  if (typeof schema.pattern === "string" && !new RegExp(schema.pattern, "u").test(value)) problems.push(`${path}: must match ${schema.pattern}`);
}

function checkArray(value: unknown[], schema: Record<string, unknown>, path: string, problems: string[]): void {
  if (typeof schema.minItems === "number" && value.length < schema.minItems) problems.push(`${path}: must have ${schema.minItems} items or more`);
  if (typeof schema.maxItems === "number" && value.length > schema.maxItems) problems.push(`${path}: must have ${schema.maxItems} items or fewer`);
  if (isRecord(schema.items)) value.forEach((item, index) => collect(item, schema.items as Record<string, unknown>, `${path}/${index}`, problems));
}

function checkObject(value: Record<string, unknown>, schema: Record<string, unknown>, path: string, problems: string[]): void {
  const properties = isRecord(schema.properties) ? schema.properties : {};
  if (Array.isArray(schema.required)) {
    for (const name of schema.required) if (typeof name === "string" && !(name in value)) problems.push(`${path}/${name}: is required`);
  }
  for (const [name, item] of Object.entries(value)) {
    const property = properties[name];
    if (isRecord(property)) collect(item, property, `${path}/${name}`, problems);
    else if (schema.additionalProperties === false) problems.push(`${path}/${name}: is not an allowed property`);
    else if (isRecord(schema.additionalProperties)) collect(item, schema.additionalProperties, `${path}/${name}`, problems);
  }
}

function collect(value: unknown, schema: Record<string, unknown>, path: string, problems: string[]): void {
  if (value === null && schema.nullable === true) return;
  const types = typeof schema.type === "string" ? [schema.type] : Array.isArray(schema.type) ? schema.type.filter((type): type is string => typeof type === "string") : [];
  if (types.length > 0 && !types.some((type) => matchesType(value, type))) {
    problems.push(`${path}: expected ${types.join(" or ")}, got ${typeOf(value)}`);
    return;
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((allowed) => sameJson(allowed, value))) {
    problems.push(`${path}: must be one of ${schema.enum.map((allowed) => JSON.stringify(allowed)).join(", ")}`);
  }
  if ("const" in schema && !sameJson(schema.const, value)) problems.push(`${path}: must be ${JSON.stringify(schema.const)}`);
  if (typeof value === "number") checkNumber(value, schema, path, problems);
  if (typeof value === "string") checkString(value, schema, path, problems);
  if (Array.isArray(value)) checkArray(value, schema, path, problems);
  if (isRecord(value)) checkObject(value, schema, path, problems);
  const branches = (keyword: "anyOf" | "oneOf" | "allOf"): Record<string, unknown>[] => (Array.isArray(schema[keyword]) ? (schema[keyword] as unknown[]).filter(isRecord) : []);
  for (const branch of branches("allOf")) collect(value, branch, path, problems);
  for (const keyword of ["anyOf", "oneOf"] as const) {
    const options = branches(keyword);
    if (options.length === 0) continue;
    const passing = options.filter((option) => validateJsonSchema(value, option).length === 0).length;
    if (passing === 0) problems.push(`${path}: matches none of the ${keyword} schemas`);
    else if (keyword === "oneOf" && passing > 1) problems.push(`${path}: matches more than one of the oneOf schemas`);
  }
}

/**
 * Checks a value against a JSON Schema (the keywords of this module's description) and
 * returns one line per problem, each starting with the JSON Pointer of the value at fault
 * (`/ticketId: expected string, got number`); empty when the value fits.
 */
export function validateJsonSchema(value: unknown, schema: Record<string, unknown>): string[] {
  const problems: string[] = [];
  collect(value, schema, "", problems);
  return problems.map((problem) => (problem.startsWith(":") ? `(input)${problem}` : problem));
}
