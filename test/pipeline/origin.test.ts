/** A request's `origin`: checked, never sent to Bedrock, on every event, the audit line and nothing else. */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { auditLog, createClient, ValidationError, type AuditEntry, type BedrockKitEvent, type CallOrigin } from "../../src/index.js";
import { startLocalBedrock, type LocalBedrock } from "../../src/testing/index.js";
import { haiku } from "../helpers.js";

let bedrock: LocalBedrock;
let folder: string;
const events: BedrockKitEvent[] = [];
beforeAll(async () => {
  bedrock = await startLocalBedrock();
  folder = mkdtempSync(join(tmpdir(), "bedrock-kit-origin-"));
});
afterAll(() => bedrock.close());
beforeEach(() => {
  events.length = 0;
  bedrock.requests.length = 0;
});

let logs = 0;
function client(): { fm: ReturnType<typeof createClient>; lines: () => AuditEntry[] } {
  const path = join(folder, `audit-${++logs}.jsonl`);
  const fm = createClient({ ...bedrock.clientOptions, retryDelay: { baseMs: 1, maxMs: 2 }, onEvent: (event) => events.push(event), audit: auditLog({ path }) });
  return { fm, lines: () => readFileSync(path, "utf8").trim().split("\n").map((line) => JSON.parse(line) as AuditEntry) };
}

const origin: CallOrigin = { kind: "agent", name: "Telecom support", runId: "run-7f3a", step: 2 };

describe("origin", () => {
  it("is copied onto every event and the audit line of invoke, stream, embed and rerank calls, and never sent to Bedrock", async () => {
    const { fm, lines } = client();
    bedrock.throttle(1, haiku);
    await fm.invoke({ modelId: haiku, prompt: "hello", origin });
    await fm.stream({ modelId: haiku, prompt: "hello", origin: { ...origin, step: 3 } }).result;
    await fm.embed({ modelId: "amazon.titan-embed-text-v2:0", texts: ["a passage"], origin: { kind: "knowledge-base", runId: "ingest-1" } });
    await fm.rerank({ modelId: "cohere.rerank-v3-5:0", query: "q", documents: ["a", "b"], origin: { kind: "knowledge-base", name: "runbooks", runId: "query-1" } });
    await fm.invoke({ modelId: haiku, prompt: "a plain call" });

    expect(events.map((event) => [event.operation, event.type, event.origin?.runId, event.origin?.step])).toEqual([
      ["invoke", "request", "run-7f3a", 2],
      ["invoke", "retry", "run-7f3a", 2],
      ["invoke", "request", "run-7f3a", 2],
      ["invoke", "response", "run-7f3a", 2],
      ["stream", "request", "run-7f3a", 3],
      ["stream", "response", "run-7f3a", 3],
      ["embed", "request", "ingest-1", undefined],
      ["embed", "response", "ingest-1", undefined],
      ["rerank", "request", "query-1", undefined],
      ["rerank", "response", "query-1", undefined],
      ["invoke", "request", undefined, undefined],
      ["invoke", "response", undefined, undefined],
    ]);
    expect(events[0]!.origin).toEqual(origin);
    expect(events.at(-1)).not.toHaveProperty("origin");

    const entries = lines();
    expect(entries.map((entry) => entry.origin)).toEqual([
      origin,
      { ...origin, step: 3 },
      { kind: "knowledge-base", runId: "ingest-1" },
      { kind: "knowledge-base", name: "runbooks", runId: "query-1" },
      undefined,
    ]);
    expect(entries.at(-1)).not.toHaveProperty("origin");

    for (const request of bedrock.requests) {
      expect(request.rawBody).not.toContain("run-7f3a");
      expect(request.rawBody).not.toMatch(/"origin"|Telecom support/);
      expect(JSON.stringify(request.headers)).not.toContain("run-7f3a");
    }
    expect(bedrock.requests.length).toBe(6);
  });

  it("keeps what the caller gave: a later change to the request's origin object does not reach the events", async () => {
    const { fm } = client();
    const mutable: CallOrigin = { kind: "agent", runId: "run-1", step: 0 };
    const stream = fm.stream({ modelId: haiku, prompt: "hello", origin: mutable });
    mutable.step = 5;
    await stream.result;
    expect(events.map((event) => event.origin?.step)).toEqual([0, 0]);
  });

  it.each([
    [{ kind: "robot", runId: "r" }, "origin.kind", '"agent", "knowledge-base"'],
    [{ kind: "agent" }, "origin.runId", "letters, digits"],
    [{ kind: "agent", runId: "a prompt with spaces" }, "origin.runId", "letters, digits"],
    [{ kind: "agent", runId: "r", step: -1 }, "origin.step", "0 or more"],
    [{ kind: "agent", runId: "r", step: 1.5 }, "origin.step", "0 or more"],
    [{ kind: "agent", runId: "r", name: "two\nlines" }, "origin.name", "without line breaks"],
    [{ kind: "agent", runId: "r", input: "some prompt" }, "origin.input", "only kind, runId, name and step"],
    ["agent", "origin", "{ kind, runId"],
  ])("refuses %j before any request, naming %s", async (bad, field, expected) => {
    const { fm, lines } = client();
    const error: unknown = await fm.invoke({ modelId: haiku, prompt: "hello", origin: bad as CallOrigin }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ field, modelId: haiku });
    expect((error as Error).message).toContain(expected);
    expect(bedrock.requests).toHaveLength(0);
    expect(events.map((event) => [event.type, event.error?.code])).toEqual([["error", "InvalidRequest"]]);
    expect(lines()).toMatchObject([{ outcome: "error", errorCode: "InvalidRequest" }]);
    await expect(fm.embed({ modelId: "amazon.titan-embed-text-v2:0", texts: ["x"], origin: bad as CallOrigin })).rejects.toMatchObject({ field });
    await expect(fm.stream({ modelId: haiku, prompt: "hello", origin: bad as CallOrigin }).result).rejects.toMatchObject({ field });
  });
});
