/**
 * `openApiTools`: one agent tool per allowed operation of an OpenAPI 3 document, each
 * calling the HTTP API (Bedrock Agents' action groups with an API schema, run locally).
 * @module
 */
import { ValidationError } from "../index.js";
import { isJsonObject } from "./json-object.js";
import { checkDocument, listOperations, type OpenApiDocument, type OpenApiOperation } from "./openapi-document.js";
import type { AgentTool, ToolContext } from "./tool.js";
import { toolNamePattern } from "./invalid.js";

/** Options of {@link openApiTools}. */
export interface OpenApiToolOptions {
  /**
   * The operations the agent may call, each as `"METHOD /path"` (as the document writes
   * the path, e.g. `"GET /tickets/{id}"`) or as its `operationId`. Only these become tools;
   * an entry that names no operation is a `ValidationError`.
   */
  allow: string[];
  /** The API's base URL; default the document's first `servers` URL. */
  baseUrl?: string | undefined;
  /** The fetch to call the API with (a proxy, a mock, an instrumented fetch); default `globalThis.fetch`. */
  fetch?: typeof globalThis.fetch | undefined;
  /** Headers for every request (authentication, say), or a function that makes them per call. */
  headers?: (Record<string, string> | ((context: ToolContext) => Record<string, string> | Promise<Record<string, string>>)) | undefined;
}

/** The tool's name: the operationId when Bedrock takes it, else `method_path` made acceptable; unique among the tools. */
function toolName(operation: OpenApiOperation, taken: Set<string>): string {
  const base =
    operation.operationId !== undefined && toolNamePattern.test(operation.operationId)
      ? operation.operationId
      : `${operation.method.toLowerCase()}_${operation.path.replace(/[{}]/g, "").replace(/[^a-zA-Z0-9_-]+/g, "_").replace(/^_+|_+$/g, "")}`.slice(0, 64);
  let name = base;
  for (let suffix = 2; taken.has(name); suffix++) name = `${base.slice(0, 60)}_${suffix}`;
  taken.add(name);
  return name;
}

/** The operation's input as one object schema: each parameter by name, the JSON body as `body`. */
function inputSchema(operation: OpenApiOperation): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  const required: string[] = [];
  for (const parameter of operation.parameters) {
    properties[parameter.name] = parameter.description === undefined ? parameter.schema : { ...parameter.schema, description: parameter.description };
    if (parameter.required) required.push(parameter.name);
  }
  if (operation.body) {
    properties.body = operation.body.schema;
    if (operation.body.required) required.push("body");
  }
  return { type: "object", properties, required };
}

function asText(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** Sends the operation's request with the model's input and answers with the response body. */
async function call(operation: OpenApiOperation, input: Record<string, unknown>, context: ToolContext, baseUrl: string, options: OpenApiToolOptions): Promise<string> {
  let path = operation.path;
  const query = new URLSearchParams();
  const headers: Record<string, string> = { accept: "application/json" };
  for (const parameter of operation.parameters) {
    const value = input[parameter.name];
    if (value === undefined) continue;
    if (parameter.location === "path") path = path.replaceAll(`{${parameter.name}}`, encodeURIComponent(asText(value)));
    else if (parameter.location === "query") for (const item of [value].flat()) query.append(parameter.name, asText(item));
    else headers[parameter.name.toLowerCase()] = asText(value);
  }
  const extra = typeof options.headers === "function" ? await options.headers(context) : options.headers;
  Object.assign(headers, extra);
  const init: RequestInit = { method: operation.method, headers, signal: context.signal };
  if (operation.body && input.body !== undefined) {
    headers["content-type"] = "application/json";
    init.body = JSON.stringify(input.body);
  }
  const search = query.toString();
  const url = `${baseUrl.replace(/\/+$/, "")}${path}${search === "" ? "" : `?${search}`}`;
  const response = await (options.fetch ?? globalThis.fetch)(url, init);
  const text = await response.text();
  if (!response.ok) throw new Error(`${operation.method} ${operation.path} answered HTTP ${response.status}: ${text.slice(0, 2000)}`);
  return text;
}

/**
 * Tools from an OpenAPI 3 document (an object or its JSON text; for YAML, pass
 * `await parseOpenApiDocument(text)`): one per allowed operation, named by its
 * `operationId` (or method and path), described by its summary and description, its input
 * an object schema of its path, query and header parameters plus `body` for a JSON request
 * body (local `$ref`s inlined). Each tool sends the request with `fetch` to `baseUrl` and
 * answers with the response body; an HTTP error status goes back to the model as an error
 * result with the status and the start of the body.
 *
 * ```ts
 * const tools = openApiTools(document, { baseUrl: "https://tickets.example.com", allow: ["GET /tickets/{id}"], headers: { authorization: `Bearer ${token}` } });
 * ```
 */
export function openApiTools(document: OpenApiDocument | string, options: OpenApiToolOptions): AgentTool<Record<string, unknown>>[] {
  const checked = checkDocument(document);
  if (!isJsonObject(options) || !Array.isArray(options.allow) || options.allow.some((entry) => typeof entry !== "string")) {
    throw new ValidationError('Invalid allow: list the operations the agent may call, as "METHOD /path" or operationId', { field: "allow" });
  }
  const baseUrl = options.baseUrl ?? checked.servers?.[0]?.url;
  if (typeof baseUrl !== "string" || !/^https?:\/\//.test(baseUrl)) throw new ValidationError("Invalid baseUrl: expected an http(s) URL (the document names no server)", { field: "baseUrl" });
  if (options.fetch !== undefined && typeof options.fetch !== "function") throw new ValidationError("Invalid fetch: expected a function", { field: "fetch" });
  const operations = listOperations(checked);
  const allowed = new Set(options.allow.map((entry) => entry.trim()));
  const named = (operation: OpenApiOperation): string[] => [`${operation.method} ${operation.path}`, ...(operation.operationId === undefined ? [] : [operation.operationId])];
  for (const entry of allowed) {
    if (!operations.some((operation) => named(operation).includes(entry))) throw new ValidationError(`Invalid allow: ${entry} names no operation of the document`, { field: "allow" });
  }
  const taken = new Set<string>();
  return operations
    .filter((operation) => named(operation).some((name) => allowed.has(name)))
    .map((operation) => {
      const tool: AgentTool<Record<string, unknown>> = {
        name: toolName(operation, taken),
        inputSchema: inputSchema(operation),
        execute: (input, context) => call(operation, input, context, baseUrl, options),
      };
      tool.description = operation.description ?? `${operation.method} ${operation.path}`;
      return tool;
    });
}
