/**
 * `managedKnowledgeBase({ client, knowledgeBaseId })`: a Knowledge Base for Amazon Bedrock
 * through the Agent Runtime's Retrieve, RetrieveAndGenerate and RetrieveAndGenerateStream
 * (`@aws-sdk/client-bedrock-agent-runtime`, an optional peer loaded on first use), answering
 * in the shapes of `createKnowledgeBase`. Request shapes: Amazon Bedrock API Reference,
 * Agents for Amazon Bedrock Runtime, Retrieve, RetrieveAndGenerate,
 * RetrieveAndGenerateStream, KnowledgeBaseVectorSearchConfiguration (read 2026-11-30).
 */
import type { BedrockAgentRuntimeClient, BedrockAgentRuntimeClientConfig, KnowledgeBaseVectorSearchConfiguration } from "@aws-sdk/client-bedrock-agent-runtime";
import { clientConfig, loadOptionalPeer, once } from "./optional-peer.js";
import { ValidationError, type BedrockKitClient } from "bedrock-kit";
import { AnswerStream } from "./answer-stream.js";
import type { Citation } from "./citations.js";
import type { RetrieveAndGenerateOptions } from "./generate.js";
import { agentRuntimeError, toCitations, toRetrievalResult, type WireCitation } from "./managed-results.js";
import type { RetrievalResult } from "./results.js";
import { checkRetrievalRequest, type RetrieveOptions } from "./retrieve.js";

/** What {@link managedKnowledgeBase} takes. */
export interface ManagedKnowledgeBaseOptions {
  /** The bedrock-kit client whose model policy judges the generation model before any request. */
  client: BedrockKitClient;
  /** The knowledge base's ID (up to 10 letters and digits), as the Bedrock console shows it. */
  knowledgeBaseId: string;
  /** The knowledge base's AWS Region. Default the AWS SDK's (`AWS_REGION`, the profile). Ignored with `agentRuntime`. */
  region?: string | undefined;
  /** Another Agent Runtime endpoint (a VPC endpoint, the offline Bedrock's `url`). Ignored with `agentRuntime`. */
  endpoint?: string | undefined;
  /** Default the AWS SDK's credential provider chain. Ignored with `agentRuntime`. */
  credentials?: BedrockAgentRuntimeClientConfig["credentials"] | undefined;
  /** A `BedrockAgentRuntimeClient` you built, used as it is. */
  agentRuntime?: BedrockAgentRuntimeClient | undefined;
}

/** What {@link ManagedKnowledgeBase.retrieve} takes: `retrieve`'s options without `rerank`. */
export type ManagedRetrieveOptions = Omit<RetrieveOptions, "rerank">;

/** What {@link ManagedKnowledgeBase.retrieveAndGenerate} takes: `retrieveAndGenerate`'s options without `rerank` and `system`, and a session. */
export interface ManagedRetrieveAndGenerateOptions extends Omit<RetrieveAndGenerateOptions, "rerank" | "system"> {
  /**
   * Bedrock's session of a conversation: the `sessionId` of an earlier answer, so that
   * Bedrock keeps its context. Default a new session.
   */
  sessionId?: string | undefined;
}

/** What {@link ManagedKnowledgeBase.retrieveAndGenerate} resolves to: Bedrock's answer in `retrieveAndGenerate`'s shape. */
export interface ManagedGenerationResult {
  /** The answer. */
  text: string;
  /** The answer's cited parts (`text.slice(span.start, span.end)`), each with the chunks it rests on. */
  citations: Citation[];
  /** Every chunk the citations name, once each (Bedrock reports no others; their `score` is 0). */
  references: RetrievalResult[];
  /** Bedrock's session ID: pass it as `sessionId` to continue the conversation. */
  sessionId: string;
  /** `INTERVENED` when a guardrail changed the answer. */
  guardrailAction: string | undefined;
}

/** A Knowledge Base for Amazon Bedrock with `createKnowledgeBase`'s query methods. */
export interface ManagedKnowledgeBase {
  /** The knowledge base's ID. */
  readonly knowledgeBaseId: string;
  /** Bedrock's Retrieve: the chunks closest to the query, best first, after the filter. */
  retrieve(query: string, options?: ManagedRetrieveOptions): Promise<RetrievalResult[]>;
  /** Bedrock's RetrieveAndGenerate with the given model (judged by the client's policy as `invoke` first). */
  retrieveAndGenerate(query: string, options: ManagedRetrieveAndGenerateOptions): Promise<ManagedGenerationResult>;
  /** Bedrock's RetrieveAndGenerateStream: `text` and `citation` events, then `finish` (judged as `stream`). */
  retrieveAndGenerateStream(query: string, options: ManagedRetrieveAndGenerateOptions): AnswerStream<ManagedGenerationResult>;
}

type AgentRuntimeModule = typeof import("@aws-sdk/client-bedrock-agent-runtime");

function loadAgentRuntime(): Promise<AgentRuntimeModule> {
  return loadOptionalPeer("@aws-sdk/client-bedrock-agent-runtime", () => import("@aws-sdk/client-bedrock-agent-runtime"), "managedKnowledgeBase");
}

/** `vectorSearchConfiguration` from `retrieve`'s options, checked as the local knowledge base checks them. */
function searchConfiguration(query: unknown, options: ManagedRetrieveOptions & { rerank?: unknown; system?: unknown }): KnowledgeBaseVectorSearchConfiguration {
  const count = checkRetrievalRequest(query, options);
  for (const field of ["rerank", "system"] as const) {
    if (options[field] !== undefined) throw new ValidationError(`Invalid ${field}: a managed knowledge base does not take it (Bedrock's RetrieveAndGenerate has no such setting here)`, { field });
  }
  return {
    numberOfResults: count,
    ...(options.searchType ? { overrideSearchType: options.searchType } : {}),
    // Bedrock's RetrievalFilter is the local knowledge base's syntax, so it goes as it is.
    ...(options.filter ? { filter: options.filter as KnowledgeBaseVectorSearchConfiguration["filter"] } : {}),
  };
}

/**
 * A Knowledge Base for Amazon Bedrock (one you built in AWS, with its own data sources,
 * embedding model and vector store), queried through the Agent Runtime's Retrieve and
 * RetrieveAndGenerate APIs with `createKnowledgeBase`'s method names, options and result
 * shapes, so code written for a local knowledge base works on a managed one. The client's
 * model policy judges the generation model before any request; Bedrock bills the calls
 * (they are not in the client's ledger or budget, and RetrieveAndGenerate reports no token
 * usage). Needs the optional package `@aws-sdk/client-bedrock-agent-runtime`.
 *
 * ```ts
 * const kb = managedKnowledgeBase({ client: fm, knowledgeBaseId: "KB12345678", region: "us-east-1" });
 * const answer = await kb.retrieveAndGenerate("Why is my BGP circuit down?", { modelId: "anthropic.claude-3-haiku-20240307-v1:0" });
 * ```
 */
export function managedKnowledgeBase(options: ManagedKnowledgeBaseOptions): ManagedKnowledgeBase {
  const client = options?.client;
  if (typeof client?.checkPolicy !== "function") throw new ValidationError("Invalid client: expected a bedrock-kit client (createClient())", { field: "client" });
  const knowledgeBaseId = options.knowledgeBaseId;
  if (typeof knowledgeBaseId !== "string" || !/^[0-9a-zA-Z]{1,10}$/.test(knowledgeBaseId)) {
    throw new ValidationError("Invalid knowledgeBaseId: expected the knowledge base's ID, up to 10 letters and digits (e.g. KB12345678)", { field: "knowledgeBaseId" });
  }
  const connect = once(async (): Promise<{ sdk: AgentRuntimeModule; agentRuntime: BedrockAgentRuntimeClient }> => {
    const sdk = await loadAgentRuntime();
    return { sdk, agentRuntime: options.agentRuntime ?? new sdk.BedrockAgentRuntimeClient(clientConfig(options)) };
  });

  /** The RetrieveAndGenerate request body, after the options and the policy are checked. */
  function generationInput(query: string, generateOptions: ManagedRetrieveAndGenerateOptions, operation: "invoke" | "stream") {
    const search = searchConfiguration(query, generateOptions ?? {});
    if (typeof generateOptions?.modelId !== "string" || generateOptions.modelId === "") {
      throw new ValidationError("Invalid modelId: expected the text model that writes the answer (a model ID, profile ID or ARN)", { field: "modelId" });
    }
    const { modelId, promptTemplate, maxTokens, temperature, sessionId } = generateOptions;
    if (promptTemplate !== undefined && (typeof promptTemplate !== "string" || !promptTemplate.includes("$search_results$"))) {
      throw new ValidationError("Invalid promptTemplate: it must contain $search_results$", { field: "promptTemplate" });
    }
    client.checkPolicy(operation, modelId);
    const inference = { ...(maxTokens === undefined ? {} : { maxTokens }), ...(temperature === undefined ? {} : { temperature }) };
    const generation = {
      ...(promptTemplate === undefined ? {} : { promptTemplate: { textPromptTemplate: promptTemplate } }),
      ...(Object.keys(inference).length === 0 ? {} : { inferenceConfig: { textInferenceConfig: inference } }),
    };
    return {
      input: { text: query },
      ...(sessionId === undefined ? {} : { sessionId }),
      retrieveAndGenerateConfiguration: {
        type: "KNOWLEDGE_BASE" as const,
        knowledgeBaseConfiguration: {
          knowledgeBaseId,
          modelArn: modelId,
          retrievalConfiguration: { vectorSearchConfiguration: search },
          ...(Object.keys(generation).length === 0 ? {} : { generationConfiguration: generation }),
        },
      },
    };
  }

  return {
    knowledgeBaseId,
    async retrieve(query, retrieveOptions = {}) {
      const search = searchConfiguration(query, retrieveOptions);
      const { sdk, agentRuntime } = await connect();
      const command = new sdk.RetrieveCommand({ knowledgeBaseId, retrievalQuery: { text: query }, retrievalConfiguration: { vectorSearchConfiguration: search } });
      const answer = await agentRuntime.send(command, { abortSignal: retrieveOptions.signal }).catch((error: unknown) => {
        throw agentRuntimeError(error, knowledgeBaseId, "Retrieve", query);
      });
      return (answer.retrievalResults ?? []).map(toRetrievalResult);
    },
    async retrieveAndGenerate(query, generateOptions) {
      const input = generationInput(query, generateOptions, "invoke");
      const { sdk, agentRuntime } = await connect();
      const answer = await agentRuntime.send(new sdk.RetrieveAndGenerateCommand(input), { abortSignal: generateOptions.signal }).catch((error: unknown) => {
        throw agentRuntimeError(error, knowledgeBaseId, "RetrieveAndGenerate", query);
      });
      const text = answer.output?.text ?? "";
      const seen = new Map<string, RetrievalResult>();
      const citations = toCitations(text, (answer.citations ?? []) as WireCitation[], seen);
      return { text, citations, references: [...seen.values()], sessionId: answer.sessionId ?? input.sessionId ?? "", guardrailAction: answer.guardrailAction };
    },
    retrieveAndGenerateStream(query, generateOptions) {
      return new AnswerStream<ManagedGenerationResult>(async (emit, signal) => {
        const input = generationInput(query, generateOptions, "stream");
        const { sdk, agentRuntime } = await connect();
        const fail = (error: unknown) => agentRuntimeError(error, knowledgeBaseId, "RetrieveAndGenerateStream", query);
        const answer = await agentRuntime.send(new sdk.RetrieveAndGenerateStreamCommand(input), { abortSignal: signal }).catch((error: unknown) => {
          throw fail(error);
        });
        let text = "";
        let guardrailAction: string | undefined;
        const citations: Citation[] = [];
        const seen = new Map<string, RetrievalResult>();
        try {
          for await (const event of answer.stream ?? []) {
            if (event.output?.text) {
              text += event.output.text;
              emit({ type: "text", text: event.output.text });
            } else if (event.citation) {
              // The event's own members, or (older answers) the deprecated `citation` member inside it.
              const wire = event.citation.retrievedReferences ? event.citation : (event.citation.citation ?? event.citation);
              for (const citation of toCitations(text, [wire as WireCitation], seen)) {
                citations.push(citation);
                emit({ type: "citation", citation });
              }
            } else if (event.guardrail) {
              guardrailAction = event.guardrail.action;
            }
          }
        } catch (error) {
          throw fail(error);
        }
        return { text, citations, references: [...seen.values()], sessionId: answer.sessionId ?? input.sessionId ?? "", guardrailAction };
      }, generateOptions?.signal);
    },
  };
}
