/**
 * The offline Bedrock: a real HTTP server on 127.0.0.1 speaking Bedrock Runtime's REST
 * paths, HTTP/1.1 and cleartext HTTP/2 on one port, with simulated models and scripted faults.
 */
import { randomUUID } from "node:crypto";
import { createServer as createHttpServer, type ServerResponse } from "node:http";
import { constants as http2Constants, createServer as createHttp2Server } from "node:http2";
import { createServer as createNetServer, type Socket } from "node:net";
import { setTimeout as delay } from "node:timers/promises";
import type { ModelInfo } from "../models/model-info.js";
import { needsProfile } from "../models/profiles.js";
import { describeAcceptedModel } from "../models/describe.js";
import { allModels } from "../models/catalog/index.js";
import { answerConverse, converseScriptProblem, type ConverseGuardrailBlock, encodeConverseEvent, unsupportedModelMessage, validateConverse } from "./converse.js";
import { corruptCrc, encodeChunkFrame, encodeChunkText, encodeExceptionFrame } from "./event-stream.js";
import { FaultPlan, type Fault } from "./faults.js";
import { GuardrailBook, type GuardrailVerdict, type LocalGuardrail } from "./guardrails.js";
import { createLocalJobs, type LocalBatchControl, type LocalCustomizationControl, type LocalS3Options, type RecordAnswer } from "./jobs.js";
import { createLocalKms, type LocalKmsControl } from "./kms.js";
import { createLocalKnowledgeBases, type LocalKnowledgeBaseControl } from "./knowledge-bases.js";
import { countSimulatedTokens, isRecord, PromptCache, type ModelSimulation, type ReplyPlan, type SimulatedAnswer, type SimulationSession } from "./kit.js";
import { isNativeStep, ScriptBook, type ScriptedNativeAnswer, type ScriptedReply, type ScriptStep } from "./script.js";
import { simulations } from "./simulations/index.js";
import { readBody, type AnyRequest, type AnyResponse } from "./http-exchange.js";

/** Options of {@link startLocalBedrock}. */
export interface LocalBedrockOptions {
  /** Port on 127.0.0.1; default 0 (a free port). */
  port?: number | undefined;
  /** The S3-compatible server batch jobs read their input from and write their output to (and `clientOptions.s3Endpoint`). */
  s3?: LocalS3Options | undefined;
}

/** One request the offline Bedrock received, for tests to inspect. */
export interface ReceivedRequest {
  /**
   * `invoke` for `/invoke`, `stream` for `/invoke-with-response-stream`, `countTokens` for
   * `/count-tokens`, `converse` for `/converse`, `converseStream` for `/converse-stream`,
   * `applyGuardrail` for `/guardrail/{id}/version/{version}/apply`.
   */
  operation: "invoke" | "stream" | "countTokens" | "converse" | "converseStream" | "applyGuardrail";
  /** The model ID from the path, percent-decoded (for `applyGuardrail`: the guardrail's identifier). */
  modelId: string;
  /** The request path as sent (model ID still percent-encoded). */
  path: string;
  /** `1.1` or `2.0`. */
  httpVersion: string;
  /** Request headers, lower-case names. */
  headers: Record<string, string | string[] | undefined>;
  /** The body as sent. */
  rawBody: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  body: unknown;
}

/** Client options pointing at an offline Bedrock. */
export interface LocalClientOptions {
  /** The server's URL. */
  endpoint: string;
  /** Always `us-east-1`; the offline Bedrock serves every Region's paths. */
  region: string;
  /** A fixed fake key pair (the S3 server's, when one was given): the offline Bedrock does not check signatures. */
  credentials: LocalCredentials;
  /** The S3 server's URL, when `startLocalBedrock({ s3 })` named one. */
  s3Endpoint?: string | undefined;
}

/** Fake credentials for the offline Bedrock. */
export interface LocalCredentials {
  /** A fake access key ID. */
  accessKeyId: string;
  /** A fake secret key. */
  secretAccessKey: string;
}

/** A model ID {@link LocalBedrock.addModel} makes the offline Bedrock serve. */
export interface LocalModel {
  /** The exact ID requests will use. */
  id: string;
  /** The family whose request format it speaks, e.g. `anthropic-messages`. */
  family: string;
}

/** A running offline Bedrock. */
export interface LocalBedrock {
  /** `http://127.0.0.1:PORT`: pass it as `endpoint`. */
  url: string;
  /** The port it listens on. */
  port: number;
  /** Options for `createClient` (or a `BedrockRuntimeClient`) that point at this server with fake credentials. */
  clientOptions: LocalClientOptions;
  /** Every request received, oldest first. */
  requests: ReceivedRequest[];
  /** TCP connections accepted so far (keep-alive reuse shows as fewer connections than requests). */
  readonly connectionCount: number;
  /** TCP connections open now (a call that was aborted must not leave its connection open). */
  readonly openConnectionCount: number;
  /** The most requests that were being answered at the same time. */
  readonly peakConcurrentRequests: number;
  /** Arms a fault for the next matching request(s). */
  addFault(fault: Fault): void;
  /** Shorthand: the next `times` matching requests get HTTP 429 `ThrottlingException`. */
  throttle(times: number, modelId?: string): void;
  /** Disarms every fault. */
  clearFaults(): void;
  /**
   * Queues answers for a model ID (as the request path names it: a profile or ARN is its own
   * key), consumed in order by its invoke and stream requests before the deterministic
   * simulation takes over. A reply step is rendered in the family's native shapes; a
   * `{ native }` / `{ chunks }` step is served exactly as given. Throws for an ID the offline
   * Bedrock does not serve and for a step the family cannot express (tool calls for a family
   * without tools, reasoning for one without a reasoning block, a reply for an embedding or
   * image model).
   */
  script(modelId: string, steps: readonly ScriptStep[]): void;
  /** Throws an Error naming each model ID that still has scripted steps, and how many. */
  assertScriptsConsumed(): void;
  /** Drops every scripted step that was not consumed. */
  clearScripts(): void;
  /**
   * Serves a model ID the catalog does not list (a model released after this bedrock-kit)
   * as the given family, on this server only. Other unlisted IDs get Bedrock's
   * "The provided model identifier is invalid."
   */
  addModel(model: LocalModel): void;
  /**
   * Defines a guardrail: calls that name it (`guardrail: { identifier, version }`) and whose
   * body contains one of its `deniedWords` are blocked, answered with its blocked message and
   * `amazon-bedrock-guardrailAction: INTERVENED` (and its trace when asked). Calls that name
   * a guardrail the server does not know get a `ValidationException`.
   */
  addGuardrail(guardrail: LocalGuardrail): void;
  /** Hooks for batch jobs: make a record fail or go missing, a job fail or stall. */
  batch: LocalBatchControl;
  /** Hooks for customization jobs: make one fail, set how long they run. */
  customization: LocalCustomizationControl;
  /**
   * A small AWS KMS on the same URL (`GenerateDataKey`, `Encrypt`, `Decrypt`): create keys,
   * disable them, see the requests. Point a `KMSClient` (or `kmsKey({ endpoint })`) at `url`.
   */
  kms: LocalKmsControl;
  /**
   * Managed knowledge bases for the Agent Runtime's `Retrieve`, `RetrieveAndGenerate` and
   * `RetrieveAndGenerateStream` on the same URL: create one from documents, get its ID.
   */
  knowledgeBases: LocalKnowledgeBaseControl;
  /** Stops the server and closes every connection. */
  close(): Promise<void>;
}


const streamPath = "invoke-with-response-stream";


function sendError(response: AnyResponse, status: number, errorType: string | undefined, message: string): void {
  const headers: Record<string, string> = { "content-type": "application/json", "x-amzn-requestid": randomUUID() };
  if (errorType) headers["x-amzn-errortype"] = `${errorType}:http://internal.amazon.com/coral/com.amazon.bedrock/`;
  (response as ServerResponse).writeHead(status, headers);
  response.end(JSON.stringify({ message }));
}

/** Ends the response abruptly, as a dropped connection would. */
function cutConnection(response: AnyResponse): void {
  if ("stream" in response && response.stream) response.stream.close(http2Constants.NGHTTP2_INTERNAL_ERROR);
  else (response as ServerResponse).socket?.destroy();
}

function writeAsync(response: AnyResponse, bytes: Uint8Array): Promise<void> {
  return new Promise((resolve) => {
    (response as ServerResponse).write(bytes, () => resolve());
  });
}

function streamHeaders(): Record<string, string> {
  return {
    "content-type": "application/vnd.amazon.eventstream",
    "x-amzn-bedrock-content-type": "application/json",
    "x-amzn-requestid": randomUUID(),
  };
}

/** A simulated answer's chunk frames, the invocation metrics on the last chunk as Bedrock sends them. */
/**
 * `POST /guardrail/{id}/version/{version}/apply` (Bedrock API Reference, ApplyGuardrail,
 * read 2026-11-30): `{ source, content: [{ text: { text } }] }` in; `{ action, outputs,
 * assessments, usage }` out.
 */
function applyGuardrail(response: AnyResponse, guardrails: GuardrailBook, identifier: string, version: string, body: unknown): void {
  const content = isRecord(body) && Array.isArray(body.content) ? body.content : undefined;
  const source = isRecord(body) ? body.source : undefined;
  if (!content || (source !== "INPUT" && source !== "OUTPUT")) {
    sendError(response, 400, "ValidationException", "Malformed input request: source must be INPUT or OUTPUT and content an array, please reformat your input and try again.");
    return;
  }
  const text = content.map((block) => (isRecord(block) && isRecord(block.text) && typeof block.text.text === "string" ? block.text.text : "")).join("\n");
  const verdict = guardrails.judge(identifier, version, "ENABLED", text);
  if (!verdict) {
    // ⚠️ Bedrock's exact answer for an unknown guardrail was not recorded.
    sendError(response, 404, "ResourceNotFoundException", "The guardrail identifier or version provided in the request does not exist.");
    return;
  }
  const topics = ((verdict.trace?.guardrail as Record<string, Record<string, unknown>> | undefined)?.input?.[identifier] as Record<string, unknown> | undefined)?.topicPolicy;
  (response as ServerResponse).writeHead(200, { "content-type": "application/json", "x-amzn-requestid": randomUUID() });
  response.end(
    JSON.stringify({
      usage: { topicPolicyUnits: Math.max(1, Math.ceil(text.length / 1000)), contentPolicyUnits: 0, wordPolicyUnits: 0, sensitiveInformationPolicyUnits: 0, sensitiveInformationPolicyFreeUnits: 0, contextualGroundingPolicyUnits: 0 },
      action: verdict.intervened ? "GUARDRAIL_INTERVENED" : "NONE",
      outputs: verdict.intervened ? [{ text: verdict.blockedMessage }] : [],
      assessments: [{ topicPolicy: topics ?? { topics: [] } }],
    }),
  );
}

/** The answer with Bedrock's guardrail members at the top of its body and of its last chunk. */
function withGuardrail(answer: SimulatedAnswer, verdict: GuardrailVerdict): SimulatedAnswer {
  const members: Record<string, unknown> = { "amazon-bedrock-guardrailAction": verdict.intervened ? "INTERVENED" : "NONE" };
  if (verdict.trace) members["amazon-bedrock-trace"] = verdict.trace;
  const chunks = answer.chunks.map((chunk, index) => (index === answer.chunks.length - 1 ? { ...chunk, ...members } : chunk));
  return { ...answer, body: { ...answer.body, ...members }, chunks };
}

function headerText(value: string | string[] | undefined): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function simulatedFrames(answer: SimulatedAnswer, startedAt: number): Uint8Array[] {
  const chunks = answer.chunks.map((chunk) => ({ ...chunk }));
  const last = chunks[chunks.length - 1];
  if (last) {
    const latency = Math.round(performance.now() - startedAt);
    last["amazon-bedrock-invocationMetrics"] = {
      inputTokenCount: answer.inputTokens,
      outputTokenCount: answer.outputTokens,
      invocationLatency: latency,
      firstByteLatency: latency,
      // The metrics' cache members (⚠️ not recorded; bedrock-kit's stream reader accepts them).
      ...(answer.cacheReadInputTokens === undefined ? {} : { cacheReadInputTokenCount: answer.cacheReadInputTokens }),
      ...(answer.cacheWriteInputTokens === undefined ? {} : { cacheWriteInputTokenCount: answer.cacheWriteInputTokens }),
    };
  }
  const frames = chunks.map((chunk, index) => encodeChunkFrame(chunk, index));
  if (answer.closingChunk !== undefined) frames.push(encodeChunkText(JSON.stringify(answer.closingChunk), frames.length));
  return frames;
}

/** True for a stream fault that ends the response before any chunk frame. */
function cutsBeforeFirstChunk(fault: Fault | undefined): boolean {
  return (fault?.type === "exception-frame" || fault?.type === "corrupt-crc" || fault?.type === "truncate" || fault?.type === "end-early") && fault.afterChunks === 0;
}

async function sendStream(response: AnyResponse, frames: Uint8Array[], fault: Fault | undefined): Promise<void> {
  (response as ServerResponse).writeHead(200, streamHeaders());
  if (fault?.type === "chunk-delay") {
    for (const frame of frames) {
      await delay(fault.ms);
      if (response.destroyed) return;
      await writeAsync(response, frame);
    }
    response.end();
    return;
  }
  const failing =
    fault?.type === "exception-frame" || fault?.type === "corrupt-crc" || fault?.type === "truncate" || fault?.type === "end-early";
  const goodCount = failing ? Math.min(fault.afterChunks, frames.length) : frames.length;
  if (goodCount > 0) await writeAsync(response, Buffer.concat(frames.slice(0, goodCount)));
  if (fault?.type === "exception-frame") {
    response.end(encodeExceptionFrame(fault.exceptionType, fault.message ?? "The model stream failed."));
  } else if (fault?.type === "corrupt-crc") {
    response.end(corruptCrc(frames[goodCount] ?? encodeChunkFrame({ type: "message_stop" }, goodCount)));
  } else if (fault?.type === "truncate") {
    const frame = frames[goodCount] ?? encodeChunkFrame({ type: "message_stop" }, goodCount);
    await writeAsync(response, frame.subarray(0, Math.floor(frame.length / 2)));
    cutConnection(response);
  } else {
    response.end();
  }
}

/** Serves a raw scripted step exactly as given: no token headers, no invocation metrics. */
async function sendNative(response: AnyResponse, operation: "invoke" | "stream", step: ScriptedNativeAnswer, fault: Fault | undefined, modelId: string): Promise<void> {
  if (operation === "stream") {
    if (step.chunks === undefined) {
      sendError(response, 400, "ValidationException", `Offline Bedrock script: the step for ${modelId} has no chunks, so it cannot answer a stream request.`);
      return;
    }
    const frames = step.chunks.map((chunk, index) => (typeof chunk === "string" ? encodeChunkText(chunk, index) : encodeChunkFrame(chunk, index)));
    await sendStream(response, frames, fault);
    return;
  }
  if (step.native === undefined) {
    sendError(response, 400, "ValidationException", `Offline Bedrock script: the step for ${modelId} has no native body, so it cannot answer an invoke request.`);
    return;
  }
  (response as ServerResponse).writeHead(200, { "content-type": "application/json", "x-amzn-requestid": randomUUID() });
  response.end(typeof step.native === "string" ? step.native : JSON.stringify(step.native));
}

/** A scripted reply with its defaults, rendered by the family's simulation. */
function renderReply(found: FoundSimulation, reply: ScriptedReply, body: Record<string, unknown>, session?: SimulationSession): SimulatedAnswer {
  const toolCalls = reply.toolCalls ?? [];
  const plan: ReplyPlan = {
    text: reply.text ?? "",
    reasoning: reply.reasoning,
    toolCalls,
    stopReason: reply.stopReason ?? (toolCalls.length > 0 ? "tool_use" : "end_turn"),
    inputTokens: reply.usage?.inputTokens ?? countSimulatedTokens(JSON.stringify(body)),
    outputTokens:
      reply.usage?.outputTokens ??
      countSimulatedTokens(`${reply.reasoning ?? ""}${reply.text ?? ""}`) + toolCalls.reduce((sum, call) => sum + 10 + countSimulatedTokens(JSON.stringify(call.input)), 0),
  };
  if (!found.simulation.render) throw new Error(`the ${found.model.family} simulation cannot render a scripted reply`);
  return found.simulation.render(plan, body, found.model, session);
}

/** An added model's limits: the family's largest output limit and the capabilities of its newest catalog row. */
function addedModelInfo(model: LocalModel): ModelInfo {
  const sameFamily = allModels().filter((known) => known.family === model.family);
  const newest = sameFamily[sameFamily.length - 1];
  return {
    id: model.id,
    provider: model.id.split(".")[0] ?? "unknown",
    family: model.family,
    name: model.id,
    contextWindow: Math.max(0, ...sameFamily.map((known) => known.contextWindow)),
    maxOutputTokens: Math.max(0, ...sameFamily.map((known) => known.maxOutputTokens)),
    capabilities: newest?.capabilities ?? { streaming: true, system: true, tools: true, images: true, embeddings: false, imageGeneration: false },
  };
}

/** Why the family cannot express a step, or undefined when it can. */
function scriptProblem(simulation: ModelSimulation, step: ScriptStep): string | undefined {
  if (isNativeStep(step)) {
    const mixed = ["text", "toolCalls", "reasoning", "stopReason", "usage"].filter((key) => key in step);
    return mixed.length > 0 ? `a native step cannot also have ${mixed.join(", ")}` : undefined;
  }
  const support = simulation.scripting;
  if (!support || !simulation.render) return `the ${simulation.family} family has no scripted replies; script a { native } body instead`;
  const calls = step.toolCalls?.length ?? 0;
  if (calls > 0 && support.toolCalls === "none") return `the ${simulation.family} family has no native tool calls`;
  if (support.toolCalls === "single" && (calls > 1 || (calls === 1 && (step.text ?? "") !== ""))) {
    return `the ${simulation.family} family writes a tool call as the whole answer text (one JSON object), so a step takes one tool call and no text`;
  }
  if (step.reasoning !== undefined && !support.reasoning) return `the ${simulation.family} family has no reasoning block`;
  return undefined;
}

/**
 * Bedrock's prompt-cache headers on InvokeModel responses (recorded for Claude 3.5 Haiku and
 * Nova, 2025-03/05: ../shared/research/review-wire-formats.md finding 8, read 2026-11-30).
 */
function cacheHeaders(answer: SimulatedAnswer): Record<string, string> {
  const headers: Record<string, string> = {};
  if (answer.cacheReadInputTokens !== undefined) headers["x-amzn-bedrock-cache-read-input-token-count"] = String(answer.cacheReadInputTokens);
  if (answer.cacheWriteInputTokens !== undefined) headers["x-amzn-bedrock-cache-write-input-token-count"] = String(answer.cacheWriteInputTokens);
  return headers;
}

function sendInvoke(response: AnyResponse, answer: SimulatedAnswer, startedAt: number): void {
  (response as ServerResponse).writeHead(200, {
    "content-type": "application/json",
    "x-amzn-requestid": randomUUID(),
    "x-amzn-bedrock-input-token-count": String(answer.inputTokens),
    "x-amzn-bedrock-output-token-count": String(answer.outputTokens),
    "x-amzn-bedrock-invocation-latency": String(Math.round(performance.now() - startedAt)),
    ...cacheHeaders(answer),
  });
  response.end(JSON.stringify(answer.body));
}

/** `POST /model/{id}/count-tokens` with `{"input":{"invokeModel":{"body": base64}}}`: the input tokens invoke would report. */
function countTokens(response: AnyResponse, found: FoundSimulation | undefined, rawBody: string): void {
  if (!found || found.simulation.countsTokens !== true) {
    sendError(response, 400, "ValidationException", "The provided model doesn't support counting tokens.");
    return;
  }
  let body: unknown;
  try {
    const envelope = JSON.parse(rawBody) as { input?: { invokeModel?: { body?: string } } };
    body = JSON.parse(Buffer.from(envelope.input?.invokeModel?.body ?? "", "base64").toString("utf8"));
  } catch {
    sendError(response, 400, "ValidationException", "Malformed input request, please reformat your input and try again.");
    return;
  }
  const problem = found.simulation.validate(body, found.model);
  if (problem) {
    sendError(response, 400, "ValidationException", problem);
    return;
  }
  const answer = found.simulation.answer(body as Record<string, unknown>, found.model);
  (response as ServerResponse).writeHead(200, { "content-type": "application/json", "x-amzn-requestid": randomUUID() });
  response.end(JSON.stringify({ inputTokens: answer.inputTokens }));
}

/** One batch record run on its simulated model: the native answer body, or Bedrock's 400 for a body it rejects. */
function answerRecord(found: FoundSimulation | undefined, body: unknown): RecordAnswer {
  if (!found) return { errorCode: 400, errorMessage: "The provided model identifier is invalid." };
  const problem = found.simulation.validate(body, found.model);
  if (problem) return { errorCode: 400, errorMessage: problem };
  return { modelOutput: found.simulation.answer(body as Record<string, unknown>, found.model).body };
}

type FoundSimulation = { simulation: ModelSimulation; model: ModelInfo; profileOnly: boolean };

function findSimulation(modelId: string, addedModels: ReadonlyMap<string, ModelInfo>): FoundSimulation | undefined {
  const added = addedModels.get(modelId);
  const addedSimulation = added && simulations.get(added.family);
  if (added && addedSimulation) return { simulation: addedSimulation, model: added, profileOnly: false };
  const described = describeAcceptedModel(modelId);
  const simulation = described && simulations.get(described.model.family);
  return simulation && described && { simulation, model: described.model, profileOnly: needsProfile(described) };
}

/** Bedrock's refusal of a profile-only model called by its bare ID (InvokeModel and Converse alike). */
function profileOnlyMessage(modelId: string): string {
  return `Invocation of model ID ${modelId} with on-demand throughput isn't supported. Retry your request with the ID or ARN of an inference profile that contains this model.`;
}

/**
 * Starts the offline Bedrock on 127.0.0.1. It serves `POST /model/{modelId}/invoke` and
 * `/invoke-with-response-stream` with each family's native JSON and real AWS event-stream
 * frames (and `/converse`, `/converse-stream` for the Claude, Nova and Llama 3/4 models),
 * validates bodies as Bedrock does, and answers deterministically.
 *
 * ```ts
 * const bedrock = await startLocalBedrock();
 * const fm = createClient(bedrock.clientOptions);
 * // … tests …
 * await bedrock.close();
 * ```
 */
export async function startLocalBedrock(options: LocalBedrockOptions = {}): Promise<LocalBedrock> {
  const faults = new FaultPlan();
  const scripts = new ScriptBook();
  const guardrails = new GuardrailBook();
  const session: SimulationSession = { promptCache: new PromptCache() };
  const addedModels = new Map<string, ModelInfo>();
  const requests: ReceivedRequest[] = [];
  const sockets = new Set<Socket>();
  let connectionCount = 0;
  let inFlight = 0;
  let peakConcurrentRequests = 0;
  const jobs = createLocalJobs(options.s3, (modelId, body) => answerRecord(findSimulation(modelId, addedModels), body));
  const kms = createLocalKms();
  // RetrieveAndGenerate's modelArn: a foundation-model or inference-profile ARN, or a bare ID.
  const knowledgeBases = createLocalKnowledgeBases((modelArn) => {
    const found = findSimulation(modelArn.replace(/^arn:aws[^:]*:bedrock:[^:]*:[^:]*:(foundation-model|inference-profile)\//, ""), addedModels);
    return found !== undefined && !found.model.capabilities.embeddings && !found.model.capabilities.imageGeneration;
  });

  /** Reads a request's body and records the request (`body` is undefined when it is not JSON). */
  async function receive(request: AnyRequest, operation: ReceivedRequest["operation"], modelId: string, path: string): Promise<{ rawBody: string; body: unknown }> {
    const rawBody = await readBody(request);
    let body: unknown;
    try {
      body = JSON.parse(rawBody);
    } catch {
      body = undefined;
    }
    requests.push({ operation, modelId, path, httpVersion: request.httpVersion, headers: { ...request.headers }, rawBody, body });
    return { rawBody, body };
  }

  /** Waits out a delay fault and answers an HTTP-error fault; true when nothing more is to be sent (answered, or the client left). */
  async function answeredByFault(response: AnyResponse, fault: Fault | undefined): Promise<boolean> {
    if (fault?.type === "delay") await delay(fault.ms);
    if (response.destroyed) return true;
    if (fault?.type !== "http-error") return false;
    sendError(response, fault.status, fault.errorType, fault.message ?? `Simulated HTTP ${fault.status}`);
    return true;
  }

  async function handle(request: AnyRequest, response: AnyResponse): Promise<void> {
    inFlight += 1;
    peakConcurrentRequests = Math.max(peakConcurrentRequests, inFlight);
    try {
      await answerRequest(request, response);
    } finally {
      inFlight -= 1;
    }
  }

  async function answerRequest(request: AnyRequest, response: AnyResponse): Promise<void> {
    const startedAt = performance.now();
    const path = (request.url ?? "").split("?")[0] ?? "";
    if (await jobs.handle(request, response, path)) return;
    if (await kms.handle(request, response)) return;
    if (await knowledgeBases.handle(request, response, path)) return;
    const guardrailMatch = /^\/guardrail\/([^/]+)\/version\/([^/]+)\/apply$/.exec(path);
    if (request.method === "POST" && guardrailMatch) {
      const identifier = decodeURIComponent(guardrailMatch[1] ?? "");
      const { body } = await receive(request, "applyGuardrail", identifier, path);
      applyGuardrail(response, guardrails, identifier, decodeURIComponent(guardrailMatch[2] ?? ""), body);
      return;
    }
    const converseMatch = /^\/model\/([^/]+)\/(converse|converse-stream)$/.exec(path);
    if (request.method === "POST" && converseMatch) {
      await answerConverseRequest(request, response, decodeURIComponent(converseMatch[1] ?? ""), converseMatch[2] === "converse" ? "converse" : "converseStream", path, startedAt);
      return;
    }
    const match = /^\/model\/([^/]+)\/(invoke|invoke-with-response-stream|count-tokens)$/.exec(path);
    if (request.method !== "POST" || !match) {
      sendError(response, 404, "UnknownOperationException", `No operation at ${request.method} ${path}`);
      return;
    }
    const modelId = decodeURIComponent(match[1] ?? "");
    const operation = match[2] === streamPath ? "stream" : match[2] === "count-tokens" ? "countTokens" : "invoke";
    const { rawBody, body } = await receive(request, operation, modelId, path);

    const fault = faults.take(modelId, operation);
    if (await answeredByFault(response, fault)) return;
    if (operation === "countTokens") {
      countTokens(response, findSimulation(modelId, addedModels), rawBody);
      return;
    }
    if (fault?.type === "replace-body") {
      (response as ServerResponse).writeHead(200, { "content-type": "application/json", "x-amzn-requestid": randomUUID() });
      response.end(fault.body);
      return;
    }
    const found = findSimulation(modelId, addedModels);
    if (!found) {
      sendError(response, 400, "ValidationException", "The provided model identifier is invalid.");
      return;
    }
    if (operation === "stream" && !found.model.capabilities.streaming) {
      sendError(response, 400, "ValidationException", "The model is unsupported for streaming.");
      return;
    }
    if (found.profileOnly) {
      sendError(response, 400, "ValidationException", profileOnlyMessage(modelId));
      return;
    }
    if (body === undefined) {
      sendError(response, 400, "ValidationException", "Malformed input request: request body is not valid JSON, please reformat your input and try again.");
      return;
    }
    const problem = found.simulation.validate(body, found.model);
    if (problem) {
      if (operation === "stream" && found.simulation.streamValidationAsFrame) {
        (response as ServerResponse).writeHead(200, streamHeaders());
        response.end(encodeExceptionFrame("validationException", problem));
      } else {
        sendError(response, 400, "ValidationException", problem);
      }
      return;
    }
    const guardrailId = headerText(request.headers["x-amzn-bedrock-guardrailidentifier"]);
    let verdict: GuardrailVerdict | undefined;
    if (guardrailId !== undefined) {
      const version = headerText(request.headers["x-amzn-bedrock-guardrailversion"]) ?? "";
      verdict = guardrails.judge(guardrailId, version, headerText(request.headers["x-amzn-bedrock-trace"]), rawBody);
      if (!verdict) {
        // ⚠️ Bedrock's exact wording for an unknown guardrail was not recorded.
        sendError(response, 400, "ValidationException", "The guardrail identifier or version provided in the request does not exist.");
        return;
      }
      if (verdict.intervened) {
        const blocked = withGuardrail(renderReply(found, { text: verdict.blockedMessage }, body as Record<string, unknown>), verdict);
        if (operation === "stream") await sendStream(response, simulatedFrames(blocked, startedAt), fault);
        else sendInvoke(response, blocked, startedAt);
        return;
      }
    }
    const step = scripts.take(modelId);
    // A stream cut before its first chunk delivered none of the step: it stays for the retry.
    if (step !== undefined && operation === "stream" && cutsBeforeFirstChunk(fault)) scripts.putBack(modelId, step);
    if (step !== undefined && isNativeStep(step)) {
      await sendNative(response, operation, step, fault, modelId);
      return;
    }
    const plain =
      step === undefined
        ? found.simulation.answer(body as Record<string, unknown>, found.model, session)
        : renderReply(found, step, body as Record<string, unknown>, session);
    const answer = verdict ? withGuardrail(plain, verdict) : plain;
    if (operation === "stream") await sendStream(response, simulatedFrames(answer, startedAt), fault);
    else sendInvoke(response, answer, startedAt);
  }

  /**
   * Converse and ConverseStream (src/testing/converse.ts) for the families that serve them,
   * with the same faults (as `invoke` and `stream` operations) and scripted replies.
   */
  async function answerConverseRequest(
    request: AnyRequest,
    response: AnyResponse,
    modelId: string,
    operation: "converse" | "converseStream",
    path: string,
    startedAt: number,
  ): Promise<void> {
    const { rawBody, body } = await receive(request, operation, modelId, path);
    const fault = faults.take(modelId, operation === "converse" ? "invoke" : "stream");
    if (await answeredByFault(response, fault)) return;
    const found = findSimulation(modelId, addedModels);
    if (!found) {
      sendError(response, 400, "ValidationException", "The provided model identifier is invalid.");
      return;
    }
    const support = found.simulation.converse;
    if (!support) {
      sendError(response, 400, "ValidationException", unsupportedModelMessage);
      return;
    }
    if (found.profileOnly) {
      sendError(response, 400, "ValidationException", profileOnlyMessage(modelId));
      return;
    }
    const problem = validateConverse(body, found.model, support);
    if (problem) {
      sendError(response, 400, "ValidationException", problem);
      return;
    }
    const guardrailConfig = isRecord((body as Record<string, unknown>).guardrailConfig) ? ((body as Record<string, unknown>).guardrailConfig as Record<string, unknown>) : undefined;
    let blocked: ConverseGuardrailBlock | undefined;
    if (guardrailConfig) {
      const trace = typeof guardrailConfig.trace === "string" ? guardrailConfig.trace.toUpperCase() : undefined;
      const verdict = guardrails.judge(String(guardrailConfig.guardrailIdentifier), String(guardrailConfig.guardrailVersion), trace, rawBody);
      if (!verdict) {
        // ⚠️ Bedrock's exact wording for an unknown guardrail was not recorded.
        sendError(response, 400, "ValidationException", "The guardrail identifier or version provided in the request does not exist.");
        return;
      }
      if (verdict.intervened) {
        const input = (verdict.trace?.guardrail as Record<string, unknown> | undefined)?.input;
        blocked = { blockedMessage: verdict.blockedMessage, trace: input === undefined ? undefined : { inputAssessment: input } };
      }
    }
    const step = blocked ? undefined : scripts.take(modelId);
    if (step !== undefined && operation === "converseStream" && cutsBeforeFirstChunk(fault)) scripts.putBack(modelId, step);
    if (step !== undefined && isNativeStep(step)) {
      sendError(response, 400, "ValidationException", `Offline Bedrock script: the step for ${modelId} is a native InvokeModel answer, so it cannot answer a Converse request.`);
      return;
    }
    const scriptProblem = step === undefined ? undefined : converseScriptProblem(step, found.model, support);
    if (scriptProblem) {
      sendError(response, 400, "ValidationException", `Offline Bedrock script: ${scriptProblem}.`);
      return;
    }
    const answer = answerConverse(body as Record<string, unknown>, found.model, step, () => Math.round(performance.now() - startedAt), blocked);
    if (operation === "converseStream") {
      await sendStream(response, answer.events.map((event, index) => encodeConverseEvent(event, index)), fault);
      return;
    }
    (response as ServerResponse).writeHead(200, { "content-type": "application/json", "x-amzn-requestid": randomUUID() });
    response.end(JSON.stringify(answer.body));
  }

  const onRequest = (request: AnyRequest, response: AnyResponse): void => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) sendError(response, 500, "InternalServerException", `Offline Bedrock failed: ${String(error)}`);
      else cutConnection(response);
    });
  };
  const http1 = createHttpServer({ keepAliveTimeout: 30_000 }, onRequest);
  const http2 = createHttp2Server({ settings: { initialWindowSize: 1 << 20 } }, onRequest);
  http2.on("sessionError", () => undefined);
  const sessions = new Set<import("node:http2").Http2Session>();
  http2.on("session", (session) => {
    sessions.add(session);
    session.on("close", () => sessions.delete(session));
  });

  const listener = createNetServer((socket) => {
    connectionCount += 1;
    sockets.add(socket);
    socket.setNoDelay(true); // frames go out as written, not held back for a delayed ACK
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => socket.destroy());
    socket.once("data", (first: Buffer) => {
      socket.pause();
      socket.unshift(first);
      // An HTTP/2 connection opens with the preface "PRI * HTTP/2.0"; HTTP/1.1 with a method.
      if (first.subarray(0, 3).toString("latin1") === "PRI") {
        http2.emit("connection", socket); // the session reads the buffered preface itself
      } else {
        http1.emit("connection", socket);
        socket.resume();
      }
    });
  });

  await new Promise<void>((resolve, reject) => {
    listener.once("error", reject);
    listener.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const address = listener.address();
  const port = typeof address === "object" && address ? address.port : 0;
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    port,
    clientOptions: {
      endpoint: url,
      region: "us-east-1",
      credentials: options.s3?.credentials ?? { accessKeyId: "AKIAOFFLINEBEDROCK00", secretAccessKey: "offline-bedrock-secret-not-a-real-key" },
      ...(options.s3 ? { s3Endpoint: options.s3.endpoint } : {}),
    },
    requests,
    get connectionCount() {
      return connectionCount;
    },
    get openConnectionCount() {
      return sockets.size;
    },
    get peakConcurrentRequests() {
      return peakConcurrentRequests;
    },
    addFault: (fault) => faults.add(fault),
    throttle: (times, modelId) =>
      faults.add({ type: "http-error", status: 429, errorType: "ThrottlingException", message: "Too many requests, please wait before trying again.", times, ...(modelId ? { modelId } : {}) }),
    clearFaults: () => faults.clear(),
    script(modelId, steps) {
      const found = findSimulation(modelId, addedModels);
      if (!found) throw new Error(`script(): ${modelId} is not a model ID the offline Bedrock serves (Bedrock would answer "The provided model identifier is invalid.")`);
      if (found.profileOnly) throw new Error(`script(): Bedrock serves ${modelId} only through an inference profile; script the profile ID (for example us.${modelId}) that the calls use`);
      for (const [index, step] of steps.entries()) {
        const problem = scriptProblem(found.simulation, step);
        if (problem) throw new Error(`script(): step ${index} for ${modelId}: ${problem}`);
      }
      scripts.add(modelId, steps);
    },
    assertScriptsConsumed: () => scripts.assertConsumed(),
    clearScripts: () => scripts.clear(),
    addGuardrail: (guardrail) => guardrails.add(guardrail),
    addModel(model) {
      if (!simulations.has(model.family)) throw new Error(`addModel(): ${model.family} is not one of ${[...simulations.keys()].join(", ")}`);
      addedModels.set(model.id, addedModelInfo(model));
    },
    batch: jobs.batch,
    customization: jobs.customization,
    kms: kms.control,
    knowledgeBases: knowledgeBases.control,
    close: async () => {
      jobs.close();
      for (const session of sessions) session.destroy();
      for (const socket of sockets) socket.destroy();
      http1.closeAllConnections();
      await new Promise<void>((resolve) => listener.close(() => resolve()));
    },
  };
}
