import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ValidationError, type BedrockKitClient } from "../../src/index.js";
import type { LocalBedrock } from "../../src/testing/index.js";
import { createAgent, openApiTools, parseOpenApiDocument, type OpenApiDocument } from "../../src/agents/index.js";
import { claude, offline } from "./helpers.js";

interface Received {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

let bedrock: LocalBedrock;
let fm: BedrockKitClient;
let api: Server;
let baseUrl: string;
const received: Received[] = [];

beforeAll(async () => {
  ({ bedrock, fm } = await offline());
  api = createServer((request, response) => {
    const parts: Buffer[] = [];
    request.on("data", (part: Buffer) => parts.push(part));
    request.on("end", () => {
      received.push({ method: request.method!, url: request.url!, headers: request.headers, body: Buffer.concat(parts).toString("utf8") });
      const ticket = /^\/v1\/tickets\/([^/?]+)/.exec(request.url!)?.[1];
      if (request.method === "GET" && ticket === "NET-404") {
        response.writeHead(404, { "content-type": "application/json" }).end('{"message":"no such ticket"}');
      } else if (request.method === "GET" && ticket) {
        response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ id: decodeURIComponent(ticket), status: "open" }));
      } else if (request.method === "POST") {
        response.writeHead(201, { "content-type": "application/json" }).end(JSON.stringify({ id: "NET-5000", ...JSON.parse(Buffer.concat(parts).toString("utf8")) }));
      } else {
        response.writeHead(405).end();
      }
    });
  });
  await new Promise<void>((resolve) => api.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}/v1`;
});
afterAll(async () => {
  await bedrock.close();
  await new Promise((resolve) => api.close(resolve));
});
beforeEach(() => {
  received.length = 0;
  bedrock.clearScripts();
});

const yamlDocument = `
openapi: 3.0.3
info: { title: Tickets, version: "1" }
servers:
  - url: https://tickets.example.com/v1
paths:
  /tickets/{id}:
    parameters:
      - $ref: "#/components/parameters/TicketId"
    get:
      operationId: getTicket
      summary: Reads a ticket
      parameters:
        - { name: verbose, in: query, schema: { type: boolean } }
    delete:
      operationId: deleteTicket
      summary: Deletes a ticket
  /tickets:
    post:
      summary: Opens a ticket
      requestBody:
        required: true
        content:
          application/json:
            schema: { $ref: "#/components/schemas/NewTicket" }
components:
  parameters:
    TicketId: { name: id, in: path, required: true, description: The ticket ID, schema: { type: string } }
  schemas:
    NewTicket:
      type: object
      properties: { title: { type: string }, priority: { type: integer, minimum: 1, maximum: 3 } }
      required: [title]
`;

describe("openApiTools", () => {
  it("makes one tool per allowed operation from a YAML document, with parameters and body in one object schema", async () => {
    const document = await parseOpenApiDocument(yamlDocument);
    const tools = openApiTools(document, { baseUrl, allow: ["getTicket", "POST /tickets"] });
    expect(tools.map((tool) => [tool.name, tool.description])).toEqual([
      ["getTicket", "Reads a ticket"],
      ["post_tickets", "Opens a ticket"],
    ]);
    expect(tools[0]!.inputSchema).toEqual({ type: "object", properties: { id: { type: "string", description: "The ticket ID" }, verbose: { type: "boolean" } }, required: ["id"] });
    expect(tools[1]!.inputSchema).toEqual({
      type: "object",
      properties: { body: { type: "object", properties: { title: { type: "string" }, priority: { type: "integer", minimum: 1, maximum: 3 } }, required: ["title"] } },
      required: ["body"],
    });
  });

  it("calls the HTTP API from an agent's steps: path, query, headers and JSON body; HTTP errors go back as error results", async () => {
    const document = JSON.stringify(await parseOpenApiDocument(yamlDocument));
    const tools = openApiTools(document, { baseUrl, allow: ["GET /tickets/{id}", "POST /tickets"], headers: (context) => ({ authorization: "Bearer test-token", "x-session": context.sessionId ?? "" }) });
    bedrock.script(claude, [
      {
        toolCalls: [
          { name: "getTicket", input: { id: "NET 1", verbose: true } },
          { name: "post_tickets", input: { body: { title: "Fibre cut", priority: 2 } } },
          { name: "getTicket", input: { id: "NET-404" } },
          { name: "post_tickets", input: { body: { priority: 9 } } },
        ],
      },
      { text: "Done." },
    ]);
    const run = await createAgent({ client: fm, modelId: claude, tools }).invoke({ input: "Check NET 1 and open a ticket.", sessionId: "s-9" });
    expect(run.status).toBe("completed");
    expect(received.map((request) => [request.method, request.url, request.headers.authorization, request.headers["x-session"], request.body])).toEqual(
      expect.arrayContaining([
        ["GET", "/v1/tickets/NET%201?verbose=true", "Bearer test-token", "s-9", ""],
        ["POST", "/v1/tickets", "Bearer test-token", "s-9", '{"title":"Fibre cut","priority":2}'],
        ["GET", "/v1/tickets/NET-404", "Bearer test-token", "s-9", ""],
      ]),
    );
    expect(received).toHaveLength(3); // the invalid body never reached the API
    const results = run.steps[0]!.toolResults;
    expect(results[0]).toEqual({ toolCallId: expect.any(String), content: '{"id":"NET 1","status":"open"}' });
    expect(results[1]!.content).toBe('{"id":"NET-5000","title":"Fibre cut","priority":2}');
    expect(results[2]).toMatchObject({ isError: true, content: expect.stringContaining('answered HTTP 404: {"message":"no such ticket"}') });
    expect(results[3]).toMatchObject({ isError: true, content: expect.stringContaining("/body/title: is required") });
  });

  it("refuses a document that does not parse, is not OpenAPI 3, or an allow entry that names no operation", async () => {
    const fieldOf = async (make: () => unknown) => {
      try {
        await make();
      } catch (error) {
        if (ValidationError.isInstance(error)) return error.field;
        throw error;
      }
      return "accepted";
    };
    expect(await fieldOf(() => parseOpenApiDocument("openapi: [unclosed"))).toBe("document");
    expect(await fieldOf(() => openApiTools("openapi: 3.0.0", { baseUrl, allow: [] }))).toBe("document");
    expect(await fieldOf(() => openApiTools({ swagger: "2.0", paths: {} } as unknown as OpenApiDocument, { baseUrl, allow: [] }))).toBe("document.openapi");
    const document = await parseOpenApiDocument(yamlDocument);
    expect(await fieldOf(() => openApiTools(document, { baseUrl, allow: ["GET /nowhere"] }))).toBe("allow");
    expect(await fieldOf(() => openApiTools(document, { allow: undefined as unknown as string[] }))).toBe("allow");
    expect(openApiTools(document, { allow: ["deleteTicket"] }).map((tool) => tool.name)).toEqual(["deleteTicket"]); // base URL from servers
  });
});
