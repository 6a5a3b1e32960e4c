/**
 * Redaction, proven by property: over random prompts, system text, tool inputs, credentials,
 * operations and failure modes, no credential and no prompt text reaches an error (message,
 * properties, cause chain, stack, util.inspect with hidden fields), an event or an audit line.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, createClient, type BedrockKitEvent } from "../../src/index.js";
import { startLocalBedrock, type Fault, type LocalBedrock } from "../../src/testing/index.js";

let bedrock: LocalBedrock;
let folder: string;
beforeAll(async () => {
  bedrock = await startLocalBedrock();
  folder = mkdtempSync(join(tmpdir(), "bedrock-kit-redaction-"));
});
afterAll(() => bedrock.close());

const operations = ["invoke", "stream", "tools", "embed", "image", "countTokens"] as const;
const failures = ["none", "throttle-then-success", "validation-400", "server-500", "exception-frame", "not-the-models-format", "policy", "budget", "bad-input"] as const;

/** Every text a failure could leak through. */
function everything(error: unknown): string {
  const parts: string[] = [];
  for (let current = error, depth = 0; current && depth < 6; current = (current as { cause?: unknown }).cause, depth++) {
    parts.push(String(current), JSON.stringify(current) ?? "", (current as Error).stack ?? "", inspect(current, { showHidden: true, depth: Infinity }));
  }
  return parts.join("\n");
}

function faultFor(failure: (typeof failures)[number], operation: string): Fault | undefined {
  const wire = operation === "stream" ? "stream" : operation === "countTokens" ? "countTokens" : "invoke";
  switch (failure) {
    case "throttle-then-success":
      return { type: "http-error", status: 429, errorType: "ThrottlingException", message: "Too many requests", operation: wire };
    case "validation-400":
      return { type: "http-error", status: 400, errorType: "ValidationException", message: "Malformed input request", operation: wire };
    case "server-500":
      return { type: "http-error", status: 500, errorType: "InternalServerException", message: "Internal error", operation: wire };
    case "exception-frame":
      return operation === "stream" ? { type: "exception-frame", afterChunks: 3, exceptionType: "modelStreamErrorException", operation: "stream" } : undefined;
    case "not-the-models-format":
      return operation === "countTokens" ? undefined : { type: "replace-body", body: '{"unexpected":true}', operation: wire };
    default:
      return undefined;
  }
}

describe("redaction, by property", () => {
  it("keeps credentials and prompt text out of errors, events and audit lines, for every operation and failure", async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...operations),
        fc.constantFrom(...failures),
        fc.string({ minLength: 1, maxLength: 40 }),
        fc.stringMatching(/^[A-Za-z0-9/+]{20,40}$/),
        fc.stringMatching(/^[A-Za-z0-9/+=]{30,60}$/),
        async (operation, failure, noise, secret, sessionToken) => {
          run += 1;
          const marker = `PROMPT-${run}-${Buffer.from(noise).toString("hex").slice(0, 12)}-private`;
          const secretAccessKey = `SECRET${secret}`;
          const token = `TOKEN${sessionToken}`;
          const events: BedrockKitEvent[] = [];
          const path = join(folder, `audit-${run}.jsonl`);
          const fm = createClient({
            ...bedrock.clientOptions,
            credentials: { accessKeyId: "AKIAREDACTIONTEST000", secretAccessKey, sessionToken: token },
            retryDelay: { baseMs: 1, maxMs: 2 },
            maxRetries: 1,
            onEvent: (event) => events.push(event),
            audit: auditLog({ path }),
            ...(failure === "policy" ? { denyModels: ["*"] } : {}),
            ...(failure === "budget" ? { budget: { maxUsd: 0.000001 } } : {}),
          });
          const fault = faultFor(failure, operation);
          if (fault) bedrock.addFault(fault);
          const prompt = `${marker} ${noise} ${"word ".repeat(60)}`;
          const bad = failure === "bad-input";
          let caught: unknown;
          try {
            switch (operation) {
              case "invoke":
                await fm.invoke({ modelId: "anthropic.claude-3-haiku-20240307-v1:0", prompt, system: marker, temperature: bad ? 9 : undefined });
                break;
              case "stream":
                await fm.stream({ modelId: "amazon.nova-lite-v1:0", prompt, system: marker, topK: bad ? -1 : undefined }).result;
                break;
              case "tools":
                await fm.invoke({
                  modelId: "cohere.command-r-v1:0",
                  messages: [
                    { role: "user", content: prompt },
                    { role: "assistant", content: [{ type: "tool-call", id: "call-1", name: "lookup", input: { query: marker } }] },
                    { role: "user", content: [{ type: "tool-result", toolCallId: bad ? "no-such-call" : "call-1", content: marker }] },
                  ],
                  tools: [{ name: "lookup", description: marker, inputSchema: { type: "object", properties: { query: { type: "string", description: marker } } } }],
                });
                break;
              case "embed":
                await fm.embed({ modelId: "amazon.titan-embed-text-v2:0", texts: bad ? [prompt, ""] : [prompt] });
                break;
              case "image":
                await fm.generateImage({ modelId: "amazon.nova-canvas-v1:0", prompt: marker, negativePrompt: marker, width: bad ? 1000 : 1024 });
                break;
              case "countTokens":
                await fm.countTokens("anthropic.claude-3-haiku-20240307-v1:0", { prompt, system: marker, temperature: bad ? 9 : undefined });
                break;
            }
          } catch (error) {
            caught = error;
          }
          bedrock.clearFaults();
          const leaks = [everything(caught), JSON.stringify(events), readFileSync(path, "utf8")].join("\n");
          for (const forbidden of [marker, secretAccessKey, token]) expect(leaks.includes(forbidden), `${operation}/${failure} leaked ${forbidden.slice(0, 12)}…`).toBe(false);
        },
      ),
      { numRuns: 120, seed: 20261130 },
    );
  }, 60_000);
});
