/**
 * The only module that imports the AWS SDK. Sends InvokeModel and
 * InvokeModelWithResponseStream, yields chunk bytes, and reads what the SDK's output
 * does not expose: the request ID and the token-count headers.
 */
import { Agent as HttpAgent } from "node:http";
import { Agent as HttpsAgent } from "node:https";
import {
  BedrockRuntimeClient,
  InvokeModelCommand,
  InvokeModelWithResponseStreamCommand,
} from "@aws-sdk/client-bedrock-runtime";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import type {
  AwsCredentialIdentity,
  AwsCredentialIdentityProvider,
  DeserializeMiddleware,
  MetadataBearer,
} from "@smithy/types";
import type { PartialUsage } from "./adapters/adapter.js";

/** How the transport builds its own `BedrockRuntimeClient` when the user gives none. */
export interface TransportOptions {
  region: string;
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider | undefined;
  endpoint: string | undefined;
  bedrockRuntime: BedrockRuntimeClient | undefined;
}

/** What the response headers of one call said. */
export interface ResponseMetadata {
  requestId: string | undefined;
  /** `X-Amzn-Bedrock-Input-Token-Count` / `-Output-Token-Count`, when sent. */
  headerUsage: PartialUsage | undefined;
}

/** One InvokeModel answer. */
export interface InvokeResponse extends ResponseMetadata {
  body: Uint8Array;
}

/** One InvokeModelWithResponseStream answer: headers arrived, chunks to come. */
export interface StreamResponse extends ResponseMetadata {
  /** The `bytes` of each `chunk` event (already base64-decoded); throws on exception frames. */
  chunks: AsyncIterable<Uint8Array>;
}

/** Sends one request; `signal` ends it and frees its connection. */
export interface Transport {
  invoke(modelId: string, body: string, signal: AbortSignal): Promise<InvokeResponse>;
  invokeStream(modelId: string, body: string, signal: AbortSignal): Promise<StreamResponse>;
}

/**
 * HTTP/1.1 with keep-alive connections. The SDK's default for Bedrock Runtime on Node is
 * an HTTP/2 handler with one session per request (`disableConcurrentStreams`), i.e. a new
 * connection (and TLS handshake) for every call; see bench/README.md for the measurement.
 */
function createRequestHandler(): NodeHttpHandler {
  const agentOptions = { keepAlive: true, maxSockets: 256, scheduling: "lifo" as const };
  return new NodeHttpHandler({
    httpAgent: new HttpAgent(agentOptions),
    httpsAgent: new HttpsAgent(agentOptions),
  });
}

function readHeaderNumber(headers: Record<string, string>, name: string): number | undefined {
  const value = headers[name];
  if (value === undefined) return undefined;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : undefined;
}

function readMetadata(headers: Record<string, string> | undefined, output: MetadataBearer): ResponseMetadata {
  const requestId = output.$metadata.requestId ?? headers?.["x-amzn-requestid"];
  if (!headers) return { requestId, headerUsage: undefined };
  const inputTokens = readHeaderNumber(headers, "x-amzn-bedrock-input-token-count");
  const outputTokens = readHeaderNumber(headers, "x-amzn-bedrock-output-token-count");
  const headerUsage = inputTokens === undefined && outputTokens === undefined ? undefined : { inputTokens, outputTokens };
  return { requestId, headerUsage };
}

interface HeaderCapture {
  headers: Record<string, string> | undefined;
}

/** Adds a middleware to one command that keeps the raw response headers. */
function captureHeaders(command: InvokeModelCommand | InvokeModelWithResponseStreamCommand): HeaderCapture {
  const capture: HeaderCapture = { headers: undefined };
  const middleware: DeserializeMiddleware<object, MetadataBearer> = (next) => async (args) => {
    const result = await next(args);
    capture.headers = (result.response as { headers?: Record<string, string> } | undefined)?.headers;
    return result;
  };
  (command.middlewareStack as { add(middleware: unknown, options: object): void }).add(middleware, {
    step: "deserialize",
    name: "bedrockKitCaptureHeaders",
    priority: "high",
  });
  return capture;
}

async function* chunkBytes(
  stream: AsyncIterable<{ chunk?: { bytes?: Uint8Array } }> | undefined,
): AsyncGenerator<Uint8Array> {
  if (!stream) return;
  for await (const event of stream) {
    const bytes = event.chunk?.bytes;
    if (bytes) yield bytes;
  }
}

/**
 * Builds the transport. bedrock-kit owns retries, so its own client is built with
 * `maxAttempts: 1`; a client the user passes in is used as it is.
 */
export function createTransport(options: TransportOptions): Transport {
  const client =
    options.bedrockRuntime ??
    new BedrockRuntimeClient({
      region: options.region,
      credentials: options.credentials,
      endpoint: options.endpoint,
      maxAttempts: 1,
      requestHandler: createRequestHandler(),
    });

  return {
    async invoke(modelId, body, signal) {
      const command = new InvokeModelCommand({
        modelId,
        body,
        contentType: "application/json",
        accept: "application/json",
      });
      const capture = captureHeaders(command);
      const output = await client.send(command, { abortSignal: signal });
      return { body: output.body, ...readMetadata(capture.headers, output) };
    },

    async invokeStream(modelId, body, signal) {
      const command = new InvokeModelWithResponseStreamCommand({
        modelId,
        body,
        contentType: "application/json",
        accept: "application/json",
      });
      const capture = captureHeaders(command);
      const output = await client.send(command, { abortSignal: signal });
      return { chunks: chunkBytes(output.body), ...readMetadata(capture.headers, output) };
    },
  };
}
