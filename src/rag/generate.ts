/** `retrieveAndGenerate` and its streaming variant: retrieve, fill the prompt template, generate through the client, cite. */
import { ValidationError, type CallOrigin, type Cost, type InvokeRequest, type InvokeResult, type ModelId } from "bedrock-kit";
import { CitationParser, type Citation } from "./citations.js";
import type { KnowledgeBaseContext } from "./context.js";
import { addCost, record } from "./costs.js";
import type { RetrievalResult } from "./results.js";
import { runRetrieve, type Retrieval, type RetrieveOptions } from "./retrieve.js";

/**
 * The default prompt template: `$search_results$` becomes the numbered hits and `$query$`
 * the question. The model is asked to cite results as `[1]`, which become citations.
 */
export const defaultPromptTemplate = [
  "You are a question answering agent. Answer the user's question using only information from the search results below.",
  "If the search results do not contain the answer, say that you could not find an exact answer.",
  "After each sentence that uses a search result, cite it with its number in square brackets, for example [1] or [1][3].",
  "",
  "Search results:",
  "$search_results$",
  "",
  "Question: $query$",
].join("\n");

/** What {@link KnowledgeBase.retrieveAndGenerate} takes: the retrieval's options and the generation's. */
export interface RetrieveAndGenerateOptions extends RetrieveOptions {
  /** The text model that writes the answer (any family bedrock-kit invokes). */
  modelId: ModelId;
  /** Replaces {@link defaultPromptTemplate}; must contain `$search_results$`. Without `$query$`, the question follows the template. */
  promptTemplate?: string | undefined;
  /** A system prompt for the model. */
  system?: string | undefined;
  /** The most tokens of the answer. */
  maxTokens?: number | undefined;
  /** Sampling temperature. */
  temperature?: number | undefined;
}

/** Tokens and queries a retrieve-and-generate call used. */
export interface GenerationUsage {
  /** Input tokens of the query's embedding. */
  embeddingTokens: number;
  /** Billed rerank queries (0 without `rerank`). */
  rerankQueries: number;
  /** Input tokens of the generation. */
  inputTokens: number;
  /** Output tokens of the generation. */
  outputTokens: number;
}

/** What {@link KnowledgeBase.retrieveAndGenerate} resolves to. */
export interface GenerationResult {
  /** The answer, without the citation markers. */
  text: string;
  /** The answer's cited parts, each with the retrieved chunks it rests on (Bedrock's shape). */
  citations: Citation[];
  /** Every chunk that was retrieved and given to the model, best first. */
  references: RetrievalResult[];
  /** Tokens of the embedding and the generation, rerank queries. */
  usage: GenerationUsage;
  /** Dollars of the embedding, the rerank and the generation; undefined when one has no known price. */
  cost: Cost | undefined;
  /** The generation's own result (stop reason, warnings, request ID, raw body). */
  generation: InvokeResult;
}

/** The numbered hits as the prompt shows them. */
function formatResults(results: readonly RetrievalResult[]): string {
  if (results.length === 0) return "(no search results)";
  return results
    .map((result, index) => {
      const where = result.location.page === undefined ? result.location.uri : `${result.location.uri}, page ${result.location.page}`;
      return `[${index + 1}] (${where})\n${result.content.text}`;
    })
    .join("\n\n");
}

/** Checks the generation options; the retrieval's are checked by retrieve. */
function checkGenerate(options: RetrieveAndGenerateOptions): void {
  if (typeof options?.modelId !== "string" || options.modelId === "") throw new ValidationError("Invalid modelId: expected the text model that writes the answer", { field: "modelId" });
  if (options.promptTemplate !== undefined && (typeof options.promptTemplate !== "string" || !options.promptTemplate.includes("$search_results$"))) {
    throw new ValidationError("Invalid promptTemplate: it must contain $search_results$", { field: "promptTemplate" });
  }
}

/** Retrieves and builds the generation request. */
export async function prepareGeneration(
  context: KnowledgeBaseContext,
  origin: CallOrigin,
  query: string,
  options: RetrieveAndGenerateOptions,
): Promise<{ request: InvokeRequest; retrieval: Retrieval }> {
  checkGenerate(options);
  const retrieval = await runRetrieve(context, origin, query, options);
  const template = options.promptTemplate ?? defaultPromptTemplate;
  const filled = template.replaceAll("$search_results$", formatResults(retrieval.results));
  const prompt = template.includes("$query$") ? filled.replaceAll("$query$", query) : `${filled}\n\n${query}`;
  const request: InvokeRequest = {
    modelId: options.modelId,
    prompt,
    origin,
    ...(options.system === undefined ? {} : { system: options.system }),
    ...(options.maxTokens === undefined ? {} : { maxTokens: options.maxTokens }),
    ...(options.temperature === undefined ? {} : { temperature: options.temperature }),
    ...(options.signal ? { signal: options.signal } : {}),
  };
  return { request, retrieval };
}

/** The result of a finished generation, its cost recorded. */
export function finishGeneration(context: KnowledgeBaseContext, retrieval: Retrieval, generation: InvokeResult, parser: CitationParser): GenerationResult {
  record(context.costs.generation, generation.cost, generation.usage.inputTokens, generation.usage.outputTokens);
  return {
    text: parser.text,
    citations: parser.citations,
    references: retrieval.results,
    usage: { embeddingTokens: retrieval.inputTokens, rerankQueries: retrieval.rerankQueries, inputTokens: generation.usage.inputTokens, outputTokens: generation.usage.outputTokens },
    cost: addCost(retrieval.cost, generation.cost),
    generation,
  };
}

/** `retrieveAndGenerate`: one invoke call after the retrieval. */
export async function runRetrieveAndGenerate(context: KnowledgeBaseContext, origin: CallOrigin, query: string, options: RetrieveAndGenerateOptions): Promise<GenerationResult> {
  const { request, retrieval } = await prepareGeneration(context, origin, query, options);
  const generation = await context.client.invoke(request);
  const parser = new CitationParser(retrieval.results);
  parser.push(generation.text);
  parser.end();
  return finishGeneration(context, retrieval, generation, parser);
}
