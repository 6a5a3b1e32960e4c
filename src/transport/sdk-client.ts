/**
 * The path over a `BedrockRuntimeClient` the user passes in: its own middleware stack, so
 * its plugins, handler and retry settings all apply, plus two middlewares that read the
 * response headers and hand a stream's raw body to bedrock-kit's decoder.
 */
import {
  ApplyGuardrailCommand,
  CountTokensCommand,
  InvokeModelCommand,
  InvokeModelWithResponseStreamCommand,
  type ApplyGuardrailCommandInput,
  type ApplyGuardrailCommandOutput,
  type BedrockRuntimeClient,
  type InvokeModelCommandOutput,
  type InvokeModelWithResponseStreamCommandOutput,
} from "@aws-sdk/client-bedrock-runtime";
import type { DeserializeMiddleware, HttpResponse, MetadataBearer } from "@smithy/types";
import { readChunks, readInputTokens, readMetadata, type RawBody } from "./read.js";
import type { GuardrailSettings, ResponseMetadata, Transport } from "./types.js";

/** Where the transport hides a stream's raw body holder (on the command input) and response headers (on the output). */
const headersKey = Symbol("bedrock-kit.headers");
const rawBodyKey = Symbol("bedrock-kit.raw-body");
const middlewareName = "bedrockKitTransport";
const rawBodyMiddlewareName = "bedrockKitRawEventStream";

type WithHeaders = { [headersKey]?: Record<string, string> };
type WithRawBody = { [rawBodyKey]?: { body?: RawBody } };

/**
 * A successful stream response handed from the inner middleware to the outer one, past
 * the SDK's deserializer: bedrock-kit decodes the event stream itself (src/event-stream.ts),
 * synchronously per network read, without the SDK's per-event schema machinery and copies,
 * and without the deserializer's wait for the first event.
 */
class StreamHandoff {
  constructor(readonly response: HttpResponse) {}
}

/**
 * Added once to the client's stack, outermost in the deserialize step: keeps the raw
 * response headers on the output (the SDK's output does not expose the token-count
 * headers), and turns a stream handoff into the command's output.
 */
const transportMiddleware: DeserializeMiddleware<object, MetadataBearer> = (next) => async (args) => {
  let result;
  try {
    result = await next(args);
  } catch (error) {
    if (!(error instanceof StreamHandoff)) throw error;
    const headers = error.response.headers;
    const output: MetadataBearer = {
      $metadata: { httpStatusCode: error.response.statusCode, requestId: headers["x-amzn-requestid"] },
    };
    Object.defineProperty(output, headersKey, { value: headers });
    return { response: error.response, output };
  }
  const headers = (result.response as { headers?: Record<string, string> } | undefined)?.headers;
  if (headers && result.output) Object.defineProperty(result.output, headersKey, { value: headers });
  return result;
};

/**
 * Added once, inside the SDK's deserializer: a successful stream response leaves through
 * a {@link StreamHandoff}, its body kept for bedrock-kit's decoder. Error responses go to
 * the SDK's deserializer untouched, so its exception mapping applies.
 */
const rawBodyMiddleware: DeserializeMiddleware<object, MetadataBearer> = (next) => async (args) => {
  const holder = (args.input as WithRawBody)[rawBodyKey];
  const result = await next(args);
  const response = result.response as HttpResponse | undefined;
  if (holder && response && response.statusCode >= 200 && response.statusCode < 300 && response.body) {
    holder.body = response.body as RawBody;
    throw new StreamHandoff(response);
  }
  return result;
};

function installMiddleware(client: BedrockRuntimeClient): void {
  const stack = client.middlewareStack as { add(middleware: unknown, options: object): void; identify(): string[] };
  if (stack.identify().some((entry) => entry.startsWith(middlewareName))) return;
  stack.add(transportMiddleware, { step: "deserialize", name: middlewareName, priority: "high" });
  stack.add(rawBodyMiddleware, { step: "deserialize", name: rawBodyMiddlewareName, priority: "low" });
}

function outputMetadata(output: MetadataBearer): ResponseMetadata {
  const headers = (output as WithHeaders)[headersKey];
  return readMetadata(headers, output.$metadata.requestId ?? headers?.["x-amzn-requestid"]);
}

function send<Output extends MetadataBearer>(client: BedrockRuntimeClient, command: object, signal: AbortSignal): Promise<Output> {
  return (client.send as (command: unknown, options: object) => Promise<Output>)(command, { abortSignal: signal });
}


/** A guardrail as the SDK's InvokeModel input fields. */
function guardrailInput(guardrail: GuardrailSettings | undefined): { guardrailIdentifier?: string; guardrailVersion?: string; trace?: GuardrailSettings["trace"] } {
  if (!guardrail) return {};
  return { guardrailIdentifier: guardrail.identifier, guardrailVersion: guardrail.version, ...(guardrail.trace ? { trace: guardrail.trace } : {}) };
}

/** The transport over a user's `BedrockRuntimeClient`: its own stack, plus two middlewares that read headers and hand over the stream body. */
export function createSdkTransport(client: BedrockRuntimeClient): Transport {
  installMiddleware(client);
  return {
    async invoke(modelId, body, signal, guardrail) {
      const command = new InvokeModelCommand({ modelId, body, contentType: "application/json", accept: "application/json", ...guardrailInput(guardrail) });
      const output = await send<InvokeModelCommandOutput>(client, command, signal);
      return { body: output.body, ...outputMetadata(output) };
    },

    async countTokens(modelId, body, signal) {
      const command = new CountTokensCommand({ modelId, input: { invokeModel: { body: Buffer.from(body, "utf8") } } });
      return readInputTokens(await send<{ inputTokens?: number } & MetadataBearer>(client, command, signal));
    },

    async applyGuardrail(identifier, version, body, signal) {
      const input = JSON.parse(body) as Omit<ApplyGuardrailCommandInput, "guardrailIdentifier" | "guardrailVersion">;
      const output = await send<ApplyGuardrailCommandOutput>(client, new ApplyGuardrailCommand({ guardrailIdentifier: identifier, guardrailVersion: version, ...input }), signal);
      const { $metadata, ...answer } = output;
      return { body: new TextEncoder().encode(JSON.stringify(answer)), ...outputMetadata({ $metadata }) };
    },

    async invokeStream(modelId, body, signal, guardrail) {
      const command = new InvokeModelWithResponseStreamCommand({ modelId, body, contentType: "application/json", accept: "application/json", ...guardrailInput(guardrail) });
      const holder: { body?: RawBody } = {};
      Object.defineProperty(command.input, rawBodyKey, { value: holder });
      const output = await send<InvokeModelWithResponseStreamCommandOutput>(client, command, signal);
      if (!holder.body) throw new Error("The stream response has no body");
      return { chunks: readChunks(holder.body), ...outputMetadata(output) };
    },
  };
}

