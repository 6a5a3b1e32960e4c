/**
 * The offline Bedrock's managed knowledge bases: the Agents for Amazon Bedrock Runtime
 * `Retrieve`, `RetrieveAndGenerate` and `RetrieveAndGenerateStream` operations over
 * knowledge bases a test creates, ranked by a deterministic keyword score.
 *
 * Restated from the Amazon Bedrock API Reference (Agents for Amazon Bedrock Runtime:
 * Retrieve, RetrieveAndGenerate, RetrieveAndGenerateStream, RetrievalFilter,
 * KnowledgeBaseRetrievalResult, Citation, Span; read 2026-11-30) and checked against the
 * operation schemas of `@aws-sdk/client-bedrock-agent-runtime` 3.1164.0:
 * - `POST /knowledgebases/{knowledgeBaseId}/retrieve` `{ retrievalQuery: { text },
 *   retrievalConfiguration?: { vectorSearchConfiguration: { numberOfResults (1–100),
 *   overrideSearchType?: "HYBRID" | "SEMANTIC", filter? } } }` → `{ retrievalResults:
 *   [{ content: { type: "TEXT", text }, location: { type: "S3", s3Location: { uri } } |
 *   { type: "CUSTOM", customDocumentLocation: { id } }, metadata, score }] }`; the metadata
 *   carries the reserved keys `x-amz-bedrock-kb-source-uri`, `x-amz-bedrock-kb-chunk-id`,
 *   `x-amz-bedrock-kb-data-source-id` (and `x-amz-bedrock-kb-document-page-number`).
 * - `POST /retrieveAndGenerate` `{ input: { text }, retrieveAndGenerateConfiguration: {
 *   type: "KNOWLEDGE_BASE", knowledgeBaseConfiguration: { knowledgeBaseId, modelArn,
 *   retrievalConfiguration?, generationConfiguration? } }, sessionId? }` → `{ sessionId,
 *   output: { text }, citations: [{ generatedResponsePart: { textResponsePart: { text,
 *   span: { start, end } } }, retrievedReferences: [{ content, location, metadata }] }] }`.
 * - `POST /retrieveAndGenerateStream`, same body → an AWS event stream of `output` (`{ text
 *   }`) and `citation` (`{ generatedResponsePart, retrievedReferences }`) events, the
 *   session ID in the `x-amzn-bedrock-knowledge-base-session-id` header.
 * - An unknown knowledge base is HTTP 404 `ResourceNotFoundException`; a bad body, HTTP 400
 *   `ValidationException` (the error type in `x-amzn-errortype`, `{ message }` in the body).
 * ⚠️ The reference does not say whether `span.end` is inclusive; this server sends the
 * offset after the cited part's last character, and the part's own text beside it. The
 * answer is made of the best chunks' first sentences, one citation each; Bedrock's
 * wording of its messages was not recorded.
 */
import { randomUUID } from "node:crypto";
import type { ServerResponse } from "node:http";
import { encodeConverseEvent } from "./converse.js";
import { isRecord } from "./kit.js";
import { readBody, type AnyRequest, type AnyResponse } from "./http-exchange.js";

/** A metadata value of a document in an offline knowledge base. */
export type LocalMetadataValue = string | number | boolean | string[];

/** A document of an offline knowledge base: its text is cut into chunks at blank lines. */
export interface LocalKnowledgeBaseDocument {
  /** Where it came from: an `s3://` URI (an `S3` location), or any other ID (a `CUSTOM` location). */
  uri: string;
  /** Its text. */
  text: string;
  /** Its attributes, as a `.metadata.json` sidecar would give them (filters see them). */
  metadata?: Record<string, LocalMetadataValue> | undefined;
  /** The 1-based page its chunks report (`x-amz-bedrock-kb-document-page-number`). */
  page?: number | undefined;
}

/** What {@link LocalKnowledgeBaseControl.create} takes. */
export interface LocalKnowledgeBaseOptions {
  /** The documents it holds. */
  documents: LocalKnowledgeBaseDocument[];
  /** Its ID (10 letters or digits, as Bedrock's); default a fresh one. */
  knowledgeBaseId?: string | undefined;
}

/** One request to the offline knowledge bases. */
export interface LocalKnowledgeBaseRequest {
  /** Which operation. */
  operation: "retrieve" | "retrieveAndGenerate" | "retrieveAndGenerateStream";
  /** The knowledge base the request named. */
  knowledgeBaseId: string | undefined;
  /** The body parsed as JSON. */
  body: unknown;
}

/** The offline Bedrock's managed knowledge bases. */
export interface LocalKnowledgeBaseControl {
  /** Creates a knowledge base and returns its ID. */
  create(options: LocalKnowledgeBaseOptions): string;
  /** Every request received, oldest first. */
  readonly requests: readonly LocalKnowledgeBaseRequest[];
}


interface Chunk {
  id: string;
  uri: string;
  text: string;
  words: Set<string>;
  metadata: Record<string, LocalMetadataValue>;
}

/** A refusal to send: its HTTP status, Bedrock's error type and the message. */
class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

const wordsOf = (text: string): string[] => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
const invalid = (message: string): Refusal => new Refusal(400, "ValidationException", message);


function sendJson(response: AnyResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  (response as ServerResponse).writeHead(status, { "content-type": "application/json", "x-amzn-requestid": randomUUID(), ...headers });
  response.end(JSON.stringify(body));
}

/** The filter operators of `RetrievalFilter` that compare one attribute with one value. */
const comparisons: Record<string, (actual: LocalMetadataValue | undefined, expected: unknown) => boolean> = {
  equals: (actual, expected) => actual === expected,
  notEquals: (actual, expected) => actual !== expected,
  greaterThan: (actual, expected) => typeof actual === "number" && typeof expected === "number" && actual > expected,
  greaterThanOrEquals: (actual, expected) => typeof actual === "number" && typeof expected === "number" && actual >= expected,
  lessThan: (actual, expected) => typeof actual === "number" && typeof expected === "number" && actual < expected,
  lessThanOrEquals: (actual, expected) => typeof actual === "number" && typeof expected === "number" && actual <= expected,
  in: (actual, expected) => Array.isArray(expected) && expected.includes(actual),
  notIn: (actual, expected) => Array.isArray(expected) && !expected.includes(actual),
  startsWith: (actual, expected) => typeof actual === "string" && typeof expected === "string" && actual.startsWith(expected),
  listContains: (actual, expected) => Array.isArray(actual) && actual.includes(expected as string),
  stringContains: (actual, expected) =>
    typeof expected === "string" && (typeof actual === "string" ? actual.includes(expected) : Array.isArray(actual) && actual.some((item) => item.includes(expected))),
};

/** True when the chunk's metadata passes the filter; a malformed filter is a `ValidationException`. */
function passes(filter: unknown, metadata: Record<string, LocalMetadataValue>): boolean {
  if (!isRecord(filter) || Object.keys(filter).length !== 1) throw invalid("The filter must have exactly one operator.");
  const [operator, operand] = Object.entries(filter)[0]!;
  if (operator === "andAll" || operator === "orAll") {
    if (!Array.isArray(operand) || operand.length < 2) throw invalid(`${operator} takes a list of at least 2 filters.`);
    return operator === "andAll" ? operand.every((inner) => passes(inner, metadata)) : operand.some((inner) => passes(inner, metadata));
  }
  const compare = comparisons[operator];
  if (!compare) throw invalid(`Unknown filter operator ${operator}.`);
  if (!isRecord(operand) || typeof operand.key !== "string" || operand.value === undefined) throw invalid(`${operator} takes { key, value }.`);
  return compare(metadata[operand.key], operand.value);
}

/** `vectorSearchConfiguration` checked: how many results, and the filter. */
function readSearch(configuration: unknown, defaultCount: number): { count: number; filter: unknown } {
  const search = isRecord(configuration) && isRecord(configuration.vectorSearchConfiguration) ? configuration.vectorSearchConfiguration : {};
  const count = search.numberOfResults ?? defaultCount;
  if (typeof count !== "number" || !Number.isInteger(count) || count < 1 || count > 100) {
    throw invalid("1 validation error detected: Value at 'retrievalConfiguration.vectorSearchConfiguration.numberOfResults' failed to satisfy constraint: Member must have value between 1 and 100");
  }
  const searchType = search.overrideSearchType;
  if (searchType !== undefined && searchType !== "HYBRID" && searchType !== "SEMANTIC") {
    throw invalid("1 validation error detected: Value at 'retrievalConfiguration.vectorSearchConfiguration.overrideSearchType' failed to satisfy constraint: Member must satisfy enum value set: [HYBRID, SEMANTIC]");
  }
  return { count, filter: search.filter };
}

function location(uri: string): Record<string, unknown> {
  return uri.startsWith("s3://") ? { type: "S3", s3Location: { uri } } : { type: "CUSTOM", customDocumentLocation: { id: uri } };
}

/** A chunk as a retrieved reference (RetrieveAndGenerate) or, with its score, a retrieval result (Retrieve). */
function reference(chunk: Chunk): Record<string, unknown> {
  return { content: { type: "TEXT", text: chunk.text }, location: location(chunk.uri), metadata: chunk.metadata };
}

/** The first sentence of a chunk, as the generated answer quotes it. */
function firstSentence(text: string): string {
  const match = /^[\s\S]*?[.!?](?=\s|$)/.exec(text.trim());
  return (match ? match[0] : text.trim()).replace(/\s+/g, " ");
}

/** Creates the offline knowledge bases; `knowsModel` says whether a model ID or ARN is one the offline Bedrock serves. */
export function createLocalKnowledgeBases(knowsModel: (modelArn: string) => boolean): {
  control: LocalKnowledgeBaseControl;
  handle(request: AnyRequest, response: AnyResponse, path: string): Promise<boolean>;
} {
  const bases = new Map<string, Chunk[]>();
  const requests: LocalKnowledgeBaseRequest[] = [];

  function find(knowledgeBaseId: unknown): Chunk[] {
    const chunks = typeof knowledgeBaseId === "string" ? bases.get(knowledgeBaseId) : undefined;
    if (!chunks) throw new Refusal(404, "ResourceNotFoundException", `Knowledge base with id ${String(knowledgeBaseId)} does not exist`);
    return chunks;
  }

  /** The chunks that pass the filter, best first: the share of the query's weighted words each holds (rarer words weigh more). */
  function rank(chunks: Chunk[], query: unknown, search: { count: number; filter: unknown }): { chunk: Chunk; score: number }[] {
    if (typeof query !== "string" || query.trim() === "") throw invalid("1 validation error detected: Value at 'retrievalQuery.text' failed to satisfy constraint: Member must have length greater than or equal to 1");
    const passing = search.filter === undefined ? chunks : chunks.filter((chunk) => passes(search.filter, chunk.metadata));
    const queryWords = [...new Set(wordsOf(query))];
    const weights = queryWords.map((word) => Math.log(1 + chunks.length / (1 + chunks.filter((chunk) => chunk.words.has(word)).length)));
    const total = weights.reduce((sum, weight) => sum + weight, 0) || 1;
    return passing
      .map((chunk) => ({ chunk, score: queryWords.reduce((sum, word, index) => sum + (chunk.words.has(word) ? weights[index]! : 0), 0) / total }))
      .sort((left, right) => right.score - left.score)
      .slice(0, search.count);
  }

  /** RetrieveAndGenerate's answer: the best chunks' first sentences, each cited. */
  function generate(body: Record<string, unknown>): { sessionId: string; text: string; citations: Record<string, unknown>[] } {
    const input = isRecord(body.input) ? body.input.text : undefined;
    const configuration = isRecord(body.retrieveAndGenerateConfiguration) ? body.retrieveAndGenerateConfiguration : {};
    if (configuration.type !== "KNOWLEDGE_BASE") throw invalid("This offline Bedrock serves retrieveAndGenerateConfiguration.type KNOWLEDGE_BASE only.");
    const knowledgeBase = isRecord(configuration.knowledgeBaseConfiguration) ? configuration.knowledgeBaseConfiguration : {};
    const chunks = find(knowledgeBase.knowledgeBaseId);
    if (typeof knowledgeBase.modelArn !== "string" || !knowsModel(knowledgeBase.modelArn)) throw invalid("The provided model identifier is invalid.");
    const ranked = rank(chunks, input, readSearch(knowledgeBase.retrievalConfiguration, 5)).filter((hit) => hit.score > 0).slice(0, 3);
    const sessionId = typeof body.sessionId === "string" ? body.sessionId : randomUUID();
    if (ranked.length === 0) return { sessionId, text: "Sorry, I am unable to assist you with this request.", citations: [] };
    let text = "";
    const citations = ranked.map(({ chunk }) => {
      if (text !== "") text += " ";
      const part = firstSentence(chunk.text);
      const start = text.length;
      text += part;
      return { generatedResponsePart: { textResponsePart: { text: part, span: { start, end: text.length } } }, retrievedReferences: [reference(chunk)] };
    });
    return { sessionId, text, citations };
  }

  async function answer(operation: LocalKnowledgeBaseRequest["operation"], body: unknown, knowledgeBaseId: string | undefined, response: AnyResponse): Promise<void> {
    if (!isRecord(body)) throw invalid("Malformed input request, please reformat your input and try again.");
    if (operation === "retrieve") {
      const chunks = find(knowledgeBaseId);
      const query = isRecord(body.retrievalQuery) ? body.retrievalQuery.text : undefined;
      const ranked = rank(chunks, query, readSearch(body.retrievalConfiguration, 5));
      sendJson(response, 200, { retrievalResults: ranked.map(({ chunk, score }) => ({ ...reference(chunk), score })) });
      return;
    }
    const generated = generate(body);
    if (operation === "retrieveAndGenerate") {
      sendJson(response, 200, { sessionId: generated.sessionId, output: { text: generated.text }, citations: generated.citations });
      return;
    }
    // Each cited part's text, then its citation; an answer without citations in one piece.
    const events = generated.citations.flatMap((citation, index) => {
      const part = (citation.generatedResponsePart as { textResponsePart: { text: string } }).textResponsePart.text;
      return [
        { type: "output", payload: { text: `${index === 0 ? "" : " "}${part}` } },
        { type: "citation", payload: citation },
      ];
    });
    if (generated.citations.length === 0) events.push({ type: "output", payload: { text: generated.text } });
    (response as ServerResponse).writeHead(200, {
      "content-type": "application/vnd.amazon.eventstream",
      "x-amzn-requestid": randomUUID(),
      "x-amzn-bedrock-knowledge-base-session-id": generated.sessionId,
    });
    response.end(Buffer.concat(events.map((event, index) => encodeConverseEvent(event, index))));
  }

  return {
    control: {
      create(options) {
        const knowledgeBaseId = options.knowledgeBaseId ?? randomUUID().replace(/-/g, "").slice(0, 10).toUpperCase();
        if (!/^[0-9a-zA-Z]{1,10}$/.test(knowledgeBaseId)) throw new Error(`knowledgeBases.create(): ${knowledgeBaseId} is not a knowledge base ID (up to 10 letters or digits)`);
        if (!Array.isArray(options.documents)) throw new Error("knowledgeBases.create(): documents must be an array of { uri, text, metadata }");
        const chunks: Chunk[] = [];
        for (const [documentIndex, document] of options.documents.entries()) {
          const parts = document.text.split(/\n\s*\n/).map((part) => part.trim()).filter((part) => part !== "");
          for (const [chunkIndex, text] of parts.entries()) {
            const id = `${knowledgeBaseId}-${documentIndex}-${chunkIndex}`;
            const metadata: Record<string, LocalMetadataValue> = {
              ...document.metadata,
              "x-amz-bedrock-kb-source-uri": document.uri,
              "x-amz-bedrock-kb-chunk-id": id,
              "x-amz-bedrock-kb-data-source-id": "OFFLINEDS1",
              ...(document.page === undefined ? {} : { "x-amz-bedrock-kb-document-page-number": document.page }),
            };
            chunks.push({ id, uri: document.uri, text, words: new Set(wordsOf(text)), metadata });
          }
        }
        bases.set(knowledgeBaseId, chunks);
        return knowledgeBaseId;
      },
      requests,
    },
    async handle(request, response, path) {
      if (request.method !== "POST") return false;
      const retrieveMatch = /^\/knowledgebases\/([^/]+)\/retrieve$/.exec(path);
      const operation = retrieveMatch ? "retrieve" : path === "/retrieveAndGenerate" ? "retrieveAndGenerate" : path === "/retrieveAndGenerateStream" ? "retrieveAndGenerateStream" : undefined;
      if (!operation) return false;
      let body: unknown;
      try {
        body = JSON.parse(await readBody(request));
      } catch {
        body = undefined;
      }
      const configuration = isRecord(body) && isRecord(body.retrieveAndGenerateConfiguration) ? body.retrieveAndGenerateConfiguration.knowledgeBaseConfiguration : undefined;
      const knowledgeBaseId = retrieveMatch ? decodeURIComponent(retrieveMatch[1]!) : isRecord(configuration) && typeof configuration.knowledgeBaseId === "string" ? configuration.knowledgeBaseId : undefined;
      requests.push({ operation, knowledgeBaseId, body });
      try {
        await answer(operation, body, knowledgeBaseId, response);
      } catch (error) {
        if (!(error instanceof Refusal)) throw error;
        sendJson(response, error.status, { message: error.message }, { "x-amzn-errortype": `${error.type}:http://internal.amazon.com/coral/com.amazon.bedrock/` });
      }
      return true;
    },
  };
}
