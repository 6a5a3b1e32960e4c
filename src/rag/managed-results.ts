/**
 * Bedrock's Retrieve and RetrieveAndGenerate answers in the shapes of `bedrock-kit/rag`,
 * and the Agent Runtime's errors as bedrock-kit errors. Shapes: Amazon Bedrock API
 * Reference, Agents for Amazon Bedrock Runtime, KnowledgeBaseRetrievalResult,
 * RetrievalResultLocation, RetrievedReference, Citation, Span (read 2026-11-30).
 */
import { createHash } from "node:crypto";
import { BedrockKitError, ServiceError, ValidationError } from "bedrock-kit";
import { awsServiceError, type AwsFailure } from "./aws-error.js";
import type { Citation } from "./citations.js";
import { isMetadataValue, type Metadata } from "./filter.js";
import type { RetrievalResult } from "./results.js";
import { reservedKeys } from "./store.js";

/** A retrieval result or retrieved reference as the Agent Runtime client returns it (the fields read here). */
export interface WireReference {
  content?: { text?: string | undefined; row?: { columnName?: string | undefined; columnValue?: string | undefined }[] | undefined } | undefined;
  location?: object | undefined;
  metadata?: Record<string, unknown> | undefined;
  score?: number | undefined;
}

/** A citation as the Agent Runtime client returns it. */
export interface WireCitation {
  generatedResponsePart?: { textResponsePart?: { text?: string | undefined; span?: { start?: number | undefined; end?: number | undefined } | undefined } | undefined } | undefined;
  retrievedReferences?: WireReference[] | undefined;
}

/** The fields of `RetrievalResultLocation` that name a source, in the order tried. */
const locationFields: [string, string][] = [
  ["s3Location", "uri"],
  ["webLocation", "url"],
  ["confluenceLocation", "url"],
  ["salesforceLocation", "url"],
  ["sharePointLocation", "url"],
  ["kendraDocumentLocation", "uri"],
  ["customDocumentLocation", "id"],
];

function sourceUri(location: object | undefined, metadata: Record<string, unknown>): string {
  for (const [member, field] of locationFields) {
    const value = ((location as Record<string, unknown> | undefined)?.[member] as Record<string, unknown> | undefined)?.[field];
    if (typeof value === "string" && value !== "") return value;
  }
  const fromMetadata = metadata[reservedKeys.sourceUri];
  return typeof fromMetadata === "string" ? fromMetadata : "";
}

/** A Bedrock hit in `retrieve`'s shape: the reserved metadata keys become `location.page` and `chunkId`. */
export function toRetrievalResult(reference: WireReference): RetrievalResult {
  const metadata = reference.metadata ?? {};
  const text = reference.content?.text ?? (reference.content?.row ?? []).map((cell) => `${cell.columnName ?? ""}: ${cell.columnValue ?? ""}`).join("\n");
  const uri = sourceUri(reference.location, metadata);
  const page = Number(metadata[reservedKeys.pageNumber]);
  const chunkId = metadata[reservedKeys.chunkId];
  const own: Metadata = {};
  for (const [key, value] of Object.entries(metadata)) if (!key.startsWith("x-amz-bedrock-kb-") && isMetadataValue(value)) own[key] = value;
  return {
    content: { text },
    location: { uri, ...(Number.isInteger(page) && page > 0 ? { page } : {}) },
    score: typeof reference.score === "number" ? reference.score : 0,
    metadata: own,
    // Bedrock names each chunk in its metadata; without it, a stable ID from the source and text.
    chunkId: typeof chunkId === "string" ? chunkId : `${uri}#${createHash("sha256").update(text).digest("hex").slice(0, 16)}`,
  };
}

/**
 * Where a cited part sits in the answer, end exclusive. The API reference does not say
 * whether Bedrock's `span.end` is inclusive, so the part's own text decides; failing that,
 * the span as given, within the text.
 */
function locate(answer: string, part: string | undefined, start: number, end: number): { start: number; end: number } {
  if (part) {
    if (answer.slice(start, end) === part) return { start, end };
    if (answer.slice(start, end + 1) === part) return { start, end: end + 1 };
    const found = answer.indexOf(part, Math.max(0, start - part.length));
    if (found !== -1) return { start: found, end: found + part.length };
  }
  const from = Math.min(Math.max(0, start), answer.length);
  return { start: from, end: Math.min(Math.max(from, end), answer.length) };
}

/** Bedrock's citations in `retrieveAndGenerate`'s shape; parts that cite nothing are left out. */
export function toCitations(answer: string, citations: readonly WireCitation[], seen: Map<string, RetrievalResult>): Citation[] {
  const converted: Citation[] = [];
  for (const citation of citations) {
    const references = (citation.retrievedReferences ?? []).map((reference) => {
      const result = toRetrievalResult(reference);
      const known = seen.get(result.chunkId);
      if (known) return known;
      seen.set(result.chunkId, result);
      return result;
    });
    if (references.length === 0) continue;
    const part = citation.generatedResponsePart?.textResponsePart;
    converted.push({ span: locate(answer, part?.text, part?.span?.start ?? 0, part?.span?.end ?? answer.length), references: [...new Set(references)] });
  }
  return converted;
}

/**
 * An Agent Runtime failure as a bedrock-kit error naming the knowledge base and the
 * exception; Bedrock's message is kept without the query's text.
 */
export function agentRuntimeError(error: unknown, knowledgeBaseId: string, operation: string, query: string): BedrockKitError {
  const serviceFailure = ({ name, where, detail, options }: AwsFailure): BedrockKitError => new ServiceError(`${where} failed (${name})${detail("failed")}`, { code: name, retryable: true, ...options });
  return awsServiceError(error, {
    where: `${operation} on knowledge base ${knowledgeBaseId}`,
    exceptions: {
      ResourceNotFoundException: ({ name, where, detail, options }) =>
        new ValidationError(`Invalid knowledgeBaseId: ${where} failed (${name}): no such knowledge base in this Region, or not visible to these credentials${detail("failed")}`, {
          field: "knowledgeBaseId",
          code: name,
          ...options,
        }),
      ValidationException: ({ name, where, detail, options }) => new ValidationError(`${where} was refused (${name})${detail("refused")}`, { code: name, ...options }),
      InternalServerException: serviceFailure,
      DependencyFailedException: serviceFailure,
      BadGatewayException: serviceFailure,
    },
    throttles: { ThrottlingException: true, ServiceQuotaExceededException: false },
    detail: (_kind, message) => (message === "" ? "" : `: ${query.trim() === "" ? message : message.split(query).join("…")}`),
  });
}
