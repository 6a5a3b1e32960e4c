/**
 * Bedrock's `RetrievalFilter` as a SQL condition over a `jsonb` metadata column, with the
 * same meaning as `matchesFilter` (an absent attribute fails every comparison but
 * `notEquals` and `notIn`). Values travel as parameters, never in the SQL text.
 */
import type { FilterAttribute, RetrievalFilter } from "./filter.js";

/** A condition and the parameters it adds (numbered after those already in `parameters`). */
export function filterToSql(filter: RetrievalFilter, column: string, parameters: unknown[]): string {
  const [operator, operand] = Object.entries(filter)[0] as [string, unknown];
  if (operator === "andAll" || operator === "orAll") {
    const joiner = operator === "andAll" ? " AND " : " OR ";
    return `(${(operand as RetrievalFilter[]).map((inner) => filterToSql(inner, column, parameters)).join(joiner)})`;
  }
  const { key, value } = operand as FilterAttribute;
  const add = (parameter: unknown): string => `$${parameters.push(parameter)}`;
  const attribute = `${column} -> ${add(key)}`;
  const text = `${column} ->> $${parameters.length}`;
  const type = `jsonb_typeof(${attribute})`;
  const numeric = (comparison: string): string => `(CASE WHEN ${type} = 'number' THEN (${text})::numeric ${comparison} ${add(value)}::numeric ELSE false END)`;
  switch (operator) {
    case "equals":
      return `(${attribute} = ${add(JSON.stringify(value))}::jsonb)`;
    case "notEquals":
      return `(${attribute} IS DISTINCT FROM ${add(JSON.stringify(value))}::jsonb)`;
    case "greaterThan":
      return numeric(">");
    case "greaterThanOrEquals":
      return numeric(">=");
    case "lessThan":
      return numeric("<");
    case "lessThanOrEquals":
      return numeric("<=");
    case "in":
      return `(${add(JSON.stringify(value))}::jsonb @> jsonb_build_array(${attribute}))`;
    case "notIn":
      return `(NOT (${add(JSON.stringify(value))}::jsonb @> jsonb_build_array(${attribute})))`;
    case "startsWith":
      return `(CASE WHEN ${type} = 'string' THEN starts_with(${text}, ${add(value)}) ELSE false END)`;
    case "listContains":
      return `(CASE WHEN ${type} = 'array' THEN ${attribute} @> jsonb_build_array(${add(JSON.stringify(value))}::jsonb) ELSE false END)`;
    case "stringContains": {
      const needle = add(value);
      return `(CASE ${type} WHEN 'string' THEN strpos(${text}, ${needle}) > 0 WHEN 'array' THEN EXISTS (SELECT 1 FROM jsonb_array_elements_text(${attribute}) AS item WHERE strpos(item, ${needle}) > 0) ELSE false END)`;
    }
    default:
      throw new Error(`unknown filter operator ${operator}`);
  }
}
