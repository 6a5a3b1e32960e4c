/**
 * managedKnowledgeBase through the real `@aws-sdk/client-bedrock-agent-runtime` against the
 * offline Bedrock's managed knowledge bases (Retrieve, RetrieveAndGenerate,
 * RetrieveAndGenerateStream on 127.0.0.1).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AbortError, createClient, ModelNotAllowedError, registerModel, ValidationError, type BedrockKitClient } from "bedrock-kit";
import { createAgent } from "bedrock-kit/agents";
import { managedKnowledgeBase, type ManagedKnowledgeBaseOptions } from "bedrock-kit/rag";
import type { LocalBedrock } from "bedrock-kit/testing";
import { haiku, promptMarker, secretAccessKey, setup } from "../helpers.js";

let bedrock: LocalBedrock;
let fm: BedrockKitClient;
let knowledgeBaseId: string;

function options(overrides: Partial<ManagedKnowledgeBaseOptions> = {}): ManagedKnowledgeBaseOptions {
  return { client: fm, knowledgeBaseId, endpoint: bedrock.url, region: "us-east-1", credentials: { accessKeyId: "AKIATESTKEY000000000", secretAccessKey }, ...overrides };
}

beforeAll(async () => {
  ({ bedrock, fm } = await setup());
  knowledgeBaseId = bedrock.knowledgeBases.create({
    documents: [
      {
        uri: "s3://noc-docs/bgp-runbook.md",
        text: "A BGP circuit goes down when the peer router stops sending keepalives. Check the hold timer.\n\nReset the BGP neighbor after the fibre is repaired.",
        metadata: { region: "spokane", year: 2025 },
      },
      { uri: "s3://noc-docs/seattle-outage.md", text: "In Seattle a BGP circuit went down after a route leak. The prefix filter was fixed.", metadata: { region: "seattle", year: 2023 } },
      { uri: "billing-faq", text: "Invoices are sent on the first day of the month.", metadata: { region: "seattle", tags: ["billing"] }, page: 2 },
    ],
  });
});

afterAll(async () => {
  await bedrock.close();
});

describe("managedKnowledgeBase", () => {
  it("retrieves with Bedrock's filter and search type, in retrieve's shapes", async () => {
    const kb = managedKnowledgeBase(options());
    const all = await kb.retrieve("Why is my BGP circuit down?", { numberOfResults: 10 });
    expect(all.map((hit) => hit.location.uri)).toContain("s3://noc-docs/seattle-outage.md");
    expect(all[0]!.score).toBeGreaterThan(all.at(-1)!.score);

    const hits = await kb.retrieve("Why is my BGP circuit down?", { numberOfResults: 3, filter: { equals: { key: "region", value: "spokane" } }, searchType: "HYBRID" });
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((hit) => hit.metadata.region === "spokane")).toBe(true);
    expect(hits[0]).toMatchObject({ content: { text: expect.stringContaining("keepalives") }, location: { uri: "s3://noc-docs/bgp-runbook.md" }, metadata: { region: "spokane", year: 2025 } });
    expect(hits[0]!.chunkId).toBe(`${knowledgeBaseId}-0-0`);
    expect(hits[0]!.location.textSpan).toBeUndefined();
    const sent = bedrock.knowledgeBases.requests.at(-1)!;
    expect(sent).toMatchObject({ operation: "retrieve", knowledgeBaseId });
    expect(sent.body).toEqual({
      retrievalQuery: { text: "Why is my BGP circuit down?" },
      retrievalConfiguration: { vectorSearchConfiguration: { numberOfResults: 3, overrideSearchType: "HYBRID", filter: { equals: { key: "region", value: "spokane" } } } },
    });

    const [billing] = await kb.retrieve("invoices month", { numberOfResults: 1, filter: { listContains: { key: "tags", value: "billing" } } });
    expect(billing!.location).toEqual({ uri: "billing-faq", page: 2 });
    expect(billing!.metadata).toEqual({ region: "seattle", tags: ["billing"] });
  });

  it("answers with citations whose spans point into the text and whose references are the chunks", async () => {
    const kb = managedKnowledgeBase(options());
    const answer = await kb.retrieveAndGenerate("Why is my BGP circuit down? keepalives", { modelId: haiku, maxTokens: 300, temperature: 0, numberOfResults: 4 });
    expect(answer.text).toContain("keepalives");
    expect(answer.citations.length).toBeGreaterThan(0);
    for (const citation of answer.citations) {
      const part = answer.text.slice(citation.span.start, citation.span.end);
      expect(part.length).toBeGreaterThan(0);
      expect(citation.references[0]!.content.text.replace(/\s+/g, " ")).toContain(part);
    }
    expect(answer.citations[0]!.references[0]!.location.uri).toBe("s3://noc-docs/bgp-runbook.md");
    expect(answer.references.map((reference) => reference.chunkId)).toEqual([...new Set(answer.citations.flatMap((citation) => citation.references.map((reference) => reference.chunkId)))]);
    expect(answer.sessionId).not.toBe("");
    const body = bedrock.knowledgeBases.requests.at(-1)!.body as Record<string, any>;
    expect(body.retrieveAndGenerateConfiguration).toEqual({
      type: "KNOWLEDGE_BASE",
      knowledgeBaseConfiguration: {
        knowledgeBaseId,
        modelArn: haiku,
        retrievalConfiguration: { vectorSearchConfiguration: { numberOfResults: 4 } },
        generationConfiguration: { inferenceConfig: { textInferenceConfig: { maxTokens: 300, temperature: 0 } } },
      },
    });

    const followUp = await kb.retrieveAndGenerate("And the hold timer?", { modelId: `arn:aws:bedrock:us-east-1::foundation-model/${haiku}`, sessionId: answer.sessionId });
    expect(followUp.sessionId).toBe(answer.sessionId);
    expect((bedrock.knowledgeBases.requests.at(-1)!.body as Record<string, unknown>).sessionId).toBe(answer.sessionId);
  });

  it("streams text and citation events, then the finished answer", async () => {
    const kb = managedKnowledgeBase(options());
    const stream = kb.retrieveAndGenerateStream("BGP circuit route leak prefix filter", { modelId: haiku });
    let text = "";
    const cited: string[] = [];
    let finished = false;
    for await (const event of stream) {
      if (event.type === "text") text += event.text;
      if (event.type === "citation") cited.push(text.slice(event.citation.span.start, event.citation.span.end));
      if (event.type === "finish") finished = true;
    }
    const result = await stream.result;
    expect(finished).toBe(true);
    expect(result.text).toBe(text);
    expect(cited.length).toBe(result.citations.length);
    expect(cited.length).toBeGreaterThan(0);
    expect(cited[0]).toContain("route leak");
    expect(result.citations[0]!.references[0]!.location.uri).toBe("s3://noc-docs/seattle-outage.md");
    expect(bedrock.knowledgeBases.requests.at(-1)!.operation).toBe("retrieveAndGenerateStream");
  });

  it("lets the client's model policy refuse the generation model before any request", async () => {
    const strict = createClient({ ...bedrock.clientOptions, denyModels: { invoke: ["anthropic.*"], stream: ["anthropic.*"] } });
    const kb = managedKnowledgeBase(options({ client: strict }));
    const before = bedrock.knowledgeBases.requests.length;
    const refused = await kb.retrieveAndGenerate(promptMarker, { modelId: `arn:aws:bedrock:us-east-1::foundation-model/${haiku}` }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ModelNotAllowedError);
    expect(refused).toMatchObject({ rule: 'denyModels.invoke has "anthropic.*"' });
    await expect(kb.retrieveAndGenerateStream(promptMarker, { modelId: `us.${haiku}` }).result).rejects.toBeInstanceOf(ModelNotAllowedError);
    expect(bedrock.knowledgeBases.requests.length).toBe(before);
    // Retrieve calls no model: the policy does not apply.
    expect((await kb.retrieve("invoices")).length).toBeGreaterThan(0);
    expect(strict.checkPolicy("invoke", "amazon.nova-micro-v1:0")).toBeUndefined();
    expect(() => strict.checkPolicy("stream", `us.${haiku}`)).toThrow(ModelNotAllowedError);
    // An application inference profile is judged by the model it was registered with.
    const profileArn = "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/kbtest01";
    registerModel({ id: profileArn, family: "anthropic-messages", baseModelId: haiku });
    expect(() => strict.checkPolicy("invoke", profileArn)).toThrow(/denyModels.invoke has "anthropic\.\*"/);
    expect(() => fm.checkPolicy("invoke", profileArn)).not.toThrow();
    expect(() => strict.checkPolicy("retrieve" as never, haiku)).toThrow(ValidationError);
  });

  it("checks its options before any request, and maps Bedrock's errors without the query's text", async () => {
    const before = bedrock.knowledgeBases.requests.length;
    expect(() => managedKnowledgeBase(options({ knowledgeBaseId: "not an id!" }))).toThrow(ValidationError);
    const kb = managedKnowledgeBase(options());
    await expect(kb.retrieve("bgp", { numberOfResults: 101 })).rejects.toMatchObject({ field: "numberOfResults" });
    await expect(kb.retrieve("bgp", { filter: { near: { key: "region", value: "x" } } as never })).rejects.toMatchObject({ field: "filter" });
    await expect(kb.retrieve("  ")).rejects.toMatchObject({ field: "query" });
    await expect(kb.retrieveAndGenerate("bgp", { modelId: haiku, rerank: { modelId: "cohere.rerank-v3-5:0" } } as never)).rejects.toMatchObject({ field: "rerank" });
    await expect(kb.retrieveAndGenerate("bgp", { modelId: haiku, promptTemplate: "no placeholder" })).rejects.toMatchObject({ field: "promptTemplate" });
    expect(bedrock.knowledgeBases.requests.length).toBe(before);

    const missing = await managedKnowledgeBase(options({ knowledgeBaseId: "NOSUCHKB00" }))
      .retrieve(promptMarker)
      .catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(ValidationError);
    expect(missing).toMatchObject({ field: "knowledgeBaseId", code: "ResourceNotFoundException", statusCode: 404 });
    const badModel = await kb.retrieveAndGenerate(promptMarker, { modelId: "acme.no-such-model-v1:0" }).catch((error: unknown) => error);
    expect(badModel).toMatchObject({ code: "ValidationException" });
    await expect(kb.retrieve("bgp", { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(AbortError);
    for (const error of [missing, badModel]) {
      expect((error as Error).message).not.toContain(promptMarker);
      expect(JSON.stringify(error)).not.toContain(secretAccessKey);
    }
  });

  it("serves an agent as its knowledge base, as a local one does", async () => {
    bedrock.script(haiku, [{ toolCalls: [{ name: "search_knowledge_base", input: { query: "BGP circuit keepalives" } }] }, { text: "The peer stopped sending keepalives [1]." }]);
    const agent = createAgent({ client: fm, modelId: haiku, knowledgeBases: [{ knowledgeBase: managedKnowledgeBase(options()), description: "NOC runbooks", numberOfResults: 2 }] });
    const run = await agent.invoke({ input: "Why is my BGP circuit down?" });
    bedrock.assertScriptsConsumed();
    expect(run.status).toBe("completed");
    const [search] = run.steps[0]!.knowledgeBaseQueries;
    expect(search!.references[0]!.uri).toBe("s3://noc-docs/bgp-runbook.md");
    expect(bedrock.knowledgeBases.requests.at(-1)!.body).toMatchObject({ retrievalConfiguration: { vectorSearchConfiguration: { numberOfResults: 2 } } });
  });

  it("says which package to install when an optional AWS SDK peer is missing", async () => {
    const { execFile } = await import("node:child_process");
    const child = new URL("./missing-peer-child.ts", import.meta.url).pathname;
    const output = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, ["--import", "tsx", child], { timeout: 60_000 }, (error, stdout) => (error ? reject(error) : resolve(stdout))),
    );
    expect(JSON.parse(output)).toEqual([
      { name: "ValidationError", code: "MissingDependency", field: "@aws-sdk/client-kms", message: expect.stringContaining("npm install @aws-sdk/client-kms") },
      {
        name: "ValidationError",
        code: "MissingDependency",
        field: "@aws-sdk/client-bedrock-agent-runtime",
        message: expect.stringContaining("npm install @aws-sdk/client-bedrock-agent-runtime"),
      },
    ]);
  });
});
