/** An agent with a bedrock-kit/rag knowledge base: offered as a search tool, each search recorded on its step with its sources. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BedrockKitClient } from "bedrock-kit";
import { createAgent, type AgentEvent } from "bedrock-kit/agents";
import { createKnowledgeBase } from "bedrock-kit/rag";
import type { LocalBedrock } from "bedrock-kit/testing";
import { ValidationError } from "../../src/index.js";
import { claude, offline } from "./helpers.js";

let bedrock: LocalBedrock;
let fm: BedrockKitClient;
beforeAll(async () => ({ bedrock, fm } = await offline()));
afterAll(() => bedrock.close());

describe("knowledgeBases on an agent", () => {
  it("lets the model search the runbooks and records the query and its sources on the step", async () => {
    const kb = await createKnowledgeBase({ client: fm, embedding: { modelId: "amazon.titan-embed-text-v2:0", dimensions: 256 } });
    await kb.ingest([
      { id: "runbooks/bgp.md", text: "BGP sessions drop when the fibre to the edge router is cut. Check the optical levels, then the neighbour state." },
      { id: "runbooks/billing.md", text: "Invoices are sent on the third of each month. Refunds take five working days." },
    ]);
    bedrock.script(claude, [
      { toolCalls: [{ name: "search_knowledge_base", input: { query: "BGP session down fibre" } }] },
      { text: "The fibre to the edge router was cut; check the optical levels [1]." },
    ]);
    const agent = createAgent({ client: fm, modelId: claude, knowledgeBases: [{ knowledgeBase: kb, description: "Outage runbooks and billing notes.", numberOfResults: 2 }] });
    const events: AgentEvent[] = [];
    const stream = agent.stream({ input: "Why is my BGP circuit down?" });
    for await (const event of stream) events.push(event);
    const run = await stream.result;
    bedrock.assertScriptsConsumed();
    expect(run.status).toBe("completed");
    const [search] = run.steps[0]!.knowledgeBaseQueries;
    expect(search).toMatchObject({ knowledgeBase: "search_knowledge_base", query: "BGP session down fibre" });
    expect(search!.references[0]!.uri).toBe("runbooks/bgp.md");
    expect(search!.references).toHaveLength(2);
    // The model got the passages with their sources as the tool's result.
    const result = JSON.parse(run.steps[0]!.toolResults[0]!.content) as { source: number; document: string; text: string }[];
    expect(result[0]).toMatchObject({ source: 1, document: "runbooks/bgp.md" });
    expect(events.filter((event) => event.type === "knowledge-base")).toHaveLength(1);
    // The tool offered to the model carries the description.
    const firstBody = bedrock.requests.filter((request) => request.modelId === claude).at(-2)!.body as { tools: { name: string; description: string }[] };
    expect(firstBody.tools[0]!.description).toContain("Outage runbooks and billing notes.");
  });

  it("stops a search that outlives its tool timeout, and records nothing for it", async () => {
    let seen: AbortSignal | undefined;
    const slow = {
      retrieve: (_query: string, options?: { signal?: AbortSignal }) =>
        new Promise<never[]>((resolve) => {
          seen = options?.signal;
          setTimeout(() => resolve([]), 60);
        }),
    };
    bedrock.script(claude, [{ toolCalls: [{ name: "search_knowledge_base", input: { query: "fibre" } }] }, { text: "No runbook answered in time." }]);
    const agent = createAgent({ client: fm, modelId: claude, toolTimeoutMs: 10, knowledgeBases: [{ knowledgeBase: slow, description: "Outage runbooks." }] });
    const run = await agent.invoke({ input: "Why is my circuit down?" });
    expect(run.status).toBe("completed");
    expect(seen?.aborted).toBe(true);
    expect(run.steps[0]!.toolResults[0]).toMatchObject({ isError: true, content: expect.stringContaining("did not answer within 10 ms") });
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(run.steps[0]!.knowledgeBaseQueries).toEqual([]);
  });

  it("refuses a knowledge base without retrieve, or without a description, before any request", () => {
    expect(() => createAgent({ client: fm, modelId: claude, knowledgeBases: [{ knowledgeBase: {} as never, description: "x" }] })).toThrow(ValidationError);
    expect(() => createAgent({ client: fm, modelId: claude, knowledgeBases: [{ knowledgeBase: { retrieve: async () => [] }, description: " " }] })).toThrow(/knowledgeBases\[0\]\.description/);
  });
});
