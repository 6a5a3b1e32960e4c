/**
 * Reading an OpenAPI 3 document: parsing (JSON, or YAML through the optional `yaml`
 * package, loaded only for YAML), local `$ref`s, and each operation's parameters and body.
 * @module
 */
import { isJsonObject } from "./json-object.js";
import { fail } from "./invalid.js";

/** An OpenAPI 3 document, parsed: `openapi`, `paths` and, where used, `servers` and `components`. */
export interface OpenApiDocument {
  /** The OpenAPI version, `3.0.x` or `3.1.x`. */
  openapi: string;
  /** The API's paths, each with its operations by HTTP method. */
  paths: Record<string, unknown>;
  /** Base URLs; the first is the default `baseUrl`. */
  servers?: OpenApiServer[] | undefined;
  /** Shared schemas, parameters and bodies that `$ref`s point to. */
  components?: Record<string, unknown> | undefined;
  /** The document's other fields (`info`, `tags` …), not used. */
  [field: string]: unknown;
}

/** One entry of an OpenAPI document's `servers`. */
export interface OpenApiServer {
  /** The base URL. */
  url: string;
}

/** One operation of a document, with its `$ref`s resolved. */
export interface OpenApiOperation {
  method: string;
  path: string;
  operationId: string | undefined;
  description: string | undefined;
  parameters: OpenApiParameter[];
  /** The JSON request body's schema, when the operation takes one. */
  body: { schema: Record<string, unknown>; required: boolean } | undefined;
}

/** A parameter of an operation. */
export interface OpenApiParameter {
  name: string;
  location: "path" | "query" | "header";
  required: boolean;
  schema: Record<string, unknown>;
  description: string | undefined;
}

const methods = ["get", "put", "post", "delete", "patch", "head", "options"];

/**
 * Parses an OpenAPI 3 document from JSON or YAML text (YAML needs the `yaml` package, an
 * optional dependency loaded only here). Throws `ValidationError` (field `document`) for
 * text that does not parse or is not an OpenAPI 3 document.
 */
export async function parseOpenApiDocument(text: string): Promise<OpenApiDocument> {
  if (typeof text !== "string") fail("document", "expected the document's JSON or YAML text");
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    let yaml: typeof import("yaml");
    try {
      yaml = await import("yaml");
    } catch {
      fail("document", "the text is not JSON, and reading YAML needs the yaml package (npm install yaml)");
    }
    try {
      parsed = yaml.parse(text);
    } catch (error) {
      fail("document", `the text is neither JSON nor YAML (${error instanceof Error ? error.message.split("\n")[0] : String(error)})`);
    }
  }
  return checkDocument(parsed);
}

/** Throws `ValidationError` unless the value is an OpenAPI 3 document with paths. */
export function checkDocument(value: unknown): OpenApiDocument {
  if (typeof value === "string") {
    try {
      value = JSON.parse(value);
    } catch {
      fail("document", "the text is not JSON; for YAML, pass the result of await parseOpenApiDocument(text)");
    }
  }
  if (!isJsonObject(value)) fail("document", "expected an OpenAPI 3 document (an object, or its JSON text)");
  if (typeof value.openapi !== "string" || !value.openapi.startsWith("3.")) fail("document.openapi", "expected an OpenAPI 3 document (openapi: 3.0.x or 3.1.x)");
  if (!isJsonObject(value.paths)) fail("document.paths", "expected an object of paths");
  return value as OpenApiDocument;
}

/** Follows local `$ref`s (`#/components/…`), inlining them; a cycle or a long chain stops at 12 levels. */
function resolve(document: OpenApiDocument, value: unknown, depth = 0): unknown {
  if (Array.isArray(value)) return value.map((item) => resolve(document, item, depth));
  if (!isJsonObject(value)) return value;
  if (typeof value.$ref === "string") {
    if (depth >= 12 || !value.$ref.startsWith("#/")) return {};
    const target = value.$ref
      .slice(2)
      .split("/")
      .reduce<unknown>((node, key) => (isJsonObject(node) ? node[key.replaceAll("~1", "/").replaceAll("~0", "~")] : undefined), document);
    if (target === undefined) fail("document", `the reference ${value.$ref} points nowhere`);
    return resolve(document, target, depth + 1);
  }
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, resolve(document, item, depth)]));
}

function toParameter(document: OpenApiDocument, raw: unknown): OpenApiParameter | undefined {
  const parameter = resolve(document, raw);
  if (!isJsonObject(parameter) || typeof parameter.name !== "string") return undefined;
  const location = parameter.in;
  if (location !== "path" && location !== "query" && location !== "header") return undefined;
  return {
    name: parameter.name,
    location,
    required: location === "path" || parameter.required === true,
    schema: isJsonObject(parameter.schema) ? parameter.schema : { type: "string" },
    description: typeof parameter.description === "string" ? parameter.description : undefined,
  };
}

function jsonBody(document: OpenApiDocument, raw: unknown): OpenApiOperation["body"] {
  const body = resolve(document, raw);
  if (!isJsonObject(body) || !isJsonObject(body.content)) return undefined;
  const json = Object.entries(body.content).find(([mediaType]) => mediaType === "application/json" || mediaType.endsWith("+json"))?.[1];
  if (!isJsonObject(json)) return undefined;
  return { schema: isJsonObject(json.schema) ? json.schema : {}, required: body.required === true };
}

/** Every operation of the document, in the document's order, with `$ref`s resolved. */
export function listOperations(document: OpenApiDocument): OpenApiOperation[] {
  const operations: OpenApiOperation[] = [];
  for (const [path, rawItem] of Object.entries(document.paths)) {
    const item = resolve(document, rawItem);
    if (!isJsonObject(item)) continue;
    const shared = Array.isArray(item.parameters) ? item.parameters : [];
    for (const method of methods) {
      const operation = item[method];
      if (!isJsonObject(operation)) continue;
      const own = Array.isArray(operation.parameters) ? operation.parameters : [];
      const byKey = new Map<string, OpenApiParameter>();
      for (const parameter of [...shared, ...own].map((raw) => toParameter(document, raw))) if (parameter) byKey.set(`${parameter.location}:${parameter.name}`, parameter);
      const text = [operation.summary, operation.description].filter((part): part is string => typeof part === "string" && part !== "").join(". ");
      operations.push({
        method: method.toUpperCase(),
        path,
        operationId: typeof operation.operationId === "string" ? operation.operationId : undefined,
        description: text === "" ? undefined : text,
        parameters: [...byKey.values()],
        body: jsonBody(document, operation.requestBody),
      });
    }
  }
  return operations;
}
