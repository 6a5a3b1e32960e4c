/**
 * Knowledge bases attached to an agent (api.md `knowledgeBases`), offered to the model as
 * search tools: the model writes the query, the tool retrieves passages with their sources,
 * and the step records the query and the references (`step.knowledgeBaseQueries`). Any
 * object with `retrieve(query, { numberOfResults })` works, a `bedrock-kit/rag` knowledge
 * base among them; agents/ imports nothing from rag/.
 */
import type { AgentTool, ToolContext } from "./tool.js";
import { fail } from "./invalid.js";

/** The text of a retrieved passage. */
export interface PassageContent {
  /** The passage's text. */
  text: string;
}

/** Where a retrieved passage came from. */
export interface PassageLocation {
  /** The document's URI or path. */
  uri?: string | undefined;
  /** The page, for paged documents. */
  page?: number | undefined;
}

/** One retrieved passage, as `bedrock-kit/rag`'s `retrieve` returns it (the fields an agent uses). */
export interface RetrievedPassage {
  /** The passage. */
  content: PassageContent;
  /** Where it came from. */
  location: PassageLocation;
  /** The retrieval score. */
  score: number;
  /** The chunk's ID in the store. */
  chunkId: string;
}

/** What an agent needs of a knowledge base. */
export interface SearchableKnowledgeBase {
  /** Retrieves the passages most relevant to `query`. */
  retrieve(query: string, options?: { numberOfResults?: number; signal?: AbortSignal }): Promise<RetrievedPassage[]>;
}

/** A knowledge base attached to an agent. */
export interface AgentKnowledgeBase {
  /** The knowledge base (e.g. `createKnowledgeBase(…)` of `bedrock-kit/rag`). */
  knowledgeBase: SearchableKnowledgeBase;
  /** What it holds and when to search it: the model chooses by this text. */
  description: string;
  /** The tool's name (letters, digits, `_`, `-`). Default `search_knowledge_base` (`_2`, `_3` … for more). */
  name?: string | undefined;
  /** Passages per search, 1 to 100. Default 5. */
  numberOfResults?: number | undefined;
}

/** One source a knowledge-base search returned. */
export interface KnowledgeBaseReference {
  /** The document's URI or path. */
  uri: string | undefined;
  /** The page, for paged documents. */
  page: number | undefined;
  /** The chunk's ID in the store. */
  chunkId: string;
  /** The retrieval score. */
  score: number;
}

/** A search the model made in a knowledge base during a step. */
export interface KnowledgeBaseQuery {
  /** The tool's name (which knowledge base). */
  knowledgeBase: string;
  /** The model's query. */
  query: string;
  /** What came back, best first. */
  references: KnowledgeBaseReference[];
  /** The tool call that made the search. */
  toolCallId: string;
}

/** The knowledge-base tools of an agent and the searches they have made, by tool-call ID. */
export interface KnowledgeBaseTools {
  tools: AgentTool[];
  /** Takes (and forgets) the searches made by these tool calls. */
  takeQueries(toolCallIds: readonly string[]): KnowledgeBaseQuery[];
}

/** Builds a search tool per attached knowledge base. */
export function knowledgeBaseTools(entries: unknown): KnowledgeBaseTools {
  const queries = new Map<string, KnowledgeBaseQuery>();
  if (entries === undefined) return { tools: [], takeQueries: () => [] };
  if (!Array.isArray(entries)) fail("knowledgeBases", "expected an array of { knowledgeBase, description }");
  const tools = entries.map((entry: unknown, index): AgentTool => {
    const where = `knowledgeBases[${index}]`;
    const candidate = entry as Partial<AgentKnowledgeBase> | null;
    if (typeof candidate?.knowledgeBase?.retrieve !== "function") fail(`${where}.knowledgeBase`, "expected a knowledge base with retrieve(query), e.g. createKnowledgeBase(…) of bedrock-kit/rag");
    if (typeof candidate.description !== "string" || candidate.description.trim() === "") fail(`${where}.description`, "say what it holds, so the model knows when to search it");
    const numberOfResults = candidate.numberOfResults ?? 5;
    if (!Number.isInteger(numberOfResults) || numberOfResults < 1 || numberOfResults > 100) fail(`${where}.numberOfResults`, "expected an integer from 1 to 100");
    const name = candidate.name ?? (index === 0 ? "search_knowledge_base" : `search_knowledge_base_${index + 1}`);
    const knowledgeBase = candidate.knowledgeBase;
    return {
      name,
      description: `${candidate.description.trim()} Search it with a question; the answer lists passages with their sources.`,
      inputSchema: { type: "object", properties: { query: { type: "string", description: "What to look for, as a question or key words" } }, required: ["query"] },
      async execute(input: unknown, context: ToolContext) {
        const query = String((input as { query: unknown }).query);
        // The signal stops the search (and its embedding call) when the tool times out or the run is aborted.
        const passages = await knowledgeBase.retrieve(query, { numberOfResults, signal: context.signal });
        // A search that ended after its call was given up is not recorded: no step would take it.
        if (context.signal.aborted) throw new Error("the search was stopped");
        queries.set(context.toolCallId, {
          knowledgeBase: name,
          query,
          toolCallId: context.toolCallId,
          references: passages.map((passage) => ({ uri: passage.location.uri, page: passage.location.page, chunkId: passage.chunkId, score: passage.score })),
        });
        return passages.map((passage, position) => ({ source: position + 1, document: passage.location.uri, page: passage.location.page, text: passage.content.text }));
      },
    };
  });
  return {
    tools,
    takeQueries(toolCallIds) {
      const taken: KnowledgeBaseQuery[] = [];
      for (const id of toolCallIds) {
        const query = queries.get(id);
        if (query) taken.push(query);
        queries.delete(id);
      }
      return taken;
    },
  };
}
