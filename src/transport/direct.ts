/**
 * The direct path of bedrock-kit's own client: credentials, Region, endpoint and signing
 * scope resolved once through a `BedrockRuntimeClient`'s own resolvers, then each call
 * signed (sigv4.ts) and sent on a keep-alive `node:http(s)` agent, with no per-call
 * middleware stack (docs/performance.md has the measurements).
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import {
  AccessDeniedException,
  BedrockRuntimeClient,
  BedrockRuntimeServiceException,
  ConflictException,
  InternalServerException,
  ModelErrorException,
  ModelNotReadyException,
  ModelStreamErrorException,
  ModelTimeoutException,
  ResourceNotFoundException,
  ServiceQuotaExceededException,
  ServiceUnavailableException,
  ThrottlingException,
  ValidationException,
} from "@aws-sdk/client-bedrock-runtime";
import type { ResponseMetadata as SdkResponseMetadata } from "@smithy/types";
import { resolveRegion } from "../region.js";
import { eventStreamType, headerText, readChunks, readInputTokens, readMetadata, type Headers } from "./read.js";
import { BearerAuthorizer, bearerToken } from "./bearer.js";
import { RequestSigner } from "./sigv4.js";
import type { GuardrailSettings, ResponseMetadata, Transport, TransportOptions } from "./types.js";

/**
 * Bedrock Runtime's modelled errors, by the name Bedrock sends in `x-amzn-errortype`: the
 * classes the SDK's deserializer throws (`@aws-sdk/client-bedrock-runtime` 3.1164.0
 * `dist-types/models/errors.d.ts`, read 2026-11-30), so a cause looks the same on both paths.
 */
const exceptionClasses: Record<string, new (options: { message: string; $metadata: SdkResponseMetadata }) => Error> = {
  AccessDeniedException,
  ConflictException,
  InternalServerException,
  ModelErrorException,
  ModelNotReadyException,
  ModelStreamErrorException,
  ModelTimeoutException,
  ResourceNotFoundException,
  ServiceQuotaExceededException,
  ServiceUnavailableException,
  ThrottlingException,
  ValidationException,
};

/**
 * The error code of a restJson1 error response, read as the SDK reads it (`@smithy/core`
 * `protocols/json/parseJsonBody.js` `loadRestJsonErrorCode`, 3.41.0, read 2026-11-30): the
 * `x-amzn-errortype` header, else the body's `code` (any case), else its `__type`; then the
 * part before a `,` and a `:`, and after a `#`. Written here rather than imported: importing
 * that CommonJS module from ESM costs a scan of the whole file at start-up.
 */
function errorCode(headers: Headers, body: Record<string, unknown>): string | undefined {
  const codeKey = Object.keys(body).find((key) => key.toLowerCase() === "code");
  const raw = headerText(headers, "x-amzn-errortype") ?? (codeKey === undefined ? undefined : body[codeKey]) ?? body.__type;
  if (typeof raw !== "string" && typeof raw !== "number") return undefined;
  const beforeColon = String(raw).split(",")[0]?.split(":")[0] ?? "";
  return beforeColon.includes("#") ? beforeColon.split("#")[1] : beforeColon;
}

/** Turns a non-2xx response into the error the SDK would have thrown for it. */
function serviceError(response: IncomingMessage, bodyBytes: Buffer): Error {
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(bodyBytes.toString("utf8"));
    if (typeof parsed === "object" && parsed !== null) body = parsed as Record<string, unknown>;
  } catch {
    // A body that is not JSON (a proxy's HTML page) still maps by its status code.
  }
  const headers = response.headers;
  const statusCode = response.statusCode ?? 0;
  const $metadata: SdkResponseMetadata = {
    httpStatusCode: statusCode,
    requestId: headerText(headers, "x-amzn-requestid"),
    extendedRequestId: headerText(headers, "x-amz-id-2"),
    cfId: headerText(headers, "x-amz-cf-id"),
    attempts: 1,
    totalRetryDelay: 0,
  };
  const { message: lowerMessage, Message: upperMessage, ...fields } = body;
  const message = String(lowerMessage ?? upperMessage ?? "UnknownError");
  const code = errorCode(headers, body) ?? "Unknown";
  const Exception = exceptionClasses[code];
  const error = Exception
    ? new Exception({ message, $metadata })
    : new BedrockRuntimeServiceException({ name: code, $fault: statusCode >= 500 ? "server" : "client", message, $metadata });
  return Object.assign(error, fields);
}

/** The whole body of a response, with one listener set instead of an async iterator. */
function readBody(response: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    response.on("data", (part: Buffer) => parts.push(part));
    response.once("end", () => resolve(parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts)));
    response.once("error", reject);
  });
}

/** What the direct path resolves once, through the SDK's own resolvers. */
interface Route {
  /** Adds the request's authorization: SigV4, or a Bedrock API key. */
  signer: RequestSigner | BearerAuthorizer;
  hostname: string;
  port: number | undefined;
  host: string;
  /** The endpoint's path without a trailing slash ("" for most). */
  basePath: string;
  send: typeof httpRequest;
  agent: HttpAgent;
  /** False when the client (or `AWS_DISABLE_CLOCK_SKEW_CORRECTION`) turned the SDK's clock-skew correction off. */
  correctsClock: boolean;
}

/**
 * The endpoint the SDK takes from the environment or the shared config files when the
 * client was given none: `AWS_ENDPOINT_URL_BEDROCK_RUNTIME`, `AWS_ENDPOINT_URL`, a
 * profile's `endpoint_url` (unless `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS`), read by the
 * SDK's own loader on the client's resolved config, as its endpoint middleware does
 * (`@smithy/core` endpoints, `getEndpointFromInstructions`, read 2026-11-30).
 */
async function configuredEndpoint(config: BedrockRuntimeClient["config"]): Promise<string | undefined> {
  const settings = config as typeof config & { isCustomEndpoint?: boolean; ignoreConfiguredEndpointUrls?: boolean; serviceConfiguredEndpoint?: () => Promise<string | undefined> };
  if (settings.isCustomEndpoint || settings.ignoreConfiguredEndpointUrls || !settings.serviceConfiguredEndpoint) return undefined;
  return (await settings.serviceConfiguredEndpoint()) || undefined;
}

/**
 * Resolves Region, FIPS/dual-stack settings, the endpoint (Bedrock Runtime's endpoint
 * rules, or the user's `endpoint` validated by them), the signing Region and name, and the
 * credentials (the client's credential chain, memoized and refreshed by the SDK) of
 * `client`, once.
 */
async function resolveRoute(client: BedrockRuntimeClient, endpoint: string | undefined, agents: Agents): Promise<Route> {
  const config = client.config;
  const resolved = config.endpointProvider(
    {
      Region: await config.region(),
      UseFIPS: await config.useFipsEndpoint(),
      UseDualStack: await config.useDualstackEndpoint(),
      Endpoint: endpoint ?? (await configuredEndpoint(config)),
    },
    { logger: config.logger },
  );
  const authScheme = (resolved.properties?.authSchemes as { name?: string; signingName?: string; signingRegion?: string }[] | undefined)?.find(
    (scheme) => scheme.name === "sigv4",
  );
  // The SDK's choice of scheme: its preference's first of SigV4 and bearer (a Bedrock API key),
  // SigV4 by default. SigV4 with what the SDK's own signer would sign with: the endpoint's
  // SigV4 scheme, else the client's Region and Bedrock's signing name.
  const preferred = (await config.authSchemePreference()).find((name) => name === "sigv4" || name === "httpBearerAuth");
  const signer =
    preferred === "httpBearerAuth"
      ? new BearerAuthorizer(bearerToken(config.token))
      : new RequestSigner(authScheme?.signingRegion ?? (await config.region()), authScheme?.signingName ?? "bedrock", config.credentials);
  const url = resolved.url;
  const secure = url.protocol === "https:";
  return {
    signer,
    hostname: url.hostname,
    port: url.port ? Number(url.port) : undefined,
    host: url.host,
    basePath: url.pathname.replace(/\/+$/, ""),
    correctsClock: (await config.disableClockSkewCorrection?.()) !== true,
    send: secure ? httpsRequest : httpRequest,
    agent: secure ? agents.https : agents.http,
  };
}

interface Agents {
  http: HttpAgent;
  https: HttpsAgent;
}

/**
 * Keep-alive HTTP/1.1 agents. The SDK's default Node handler for Bedrock Runtime is HTTP/2
 * with one session per request (`disableConcurrentStreams`), a new connection and TLS
 * handshake per call; docs/performance.md has the measurements.
 */
function createAgents(): Agents {
  const agentOptions = { keepAlive: true, maxSockets: 256, scheduling: "lifo" as const };
  return { http: new HttpAgent(agentOptions), https: new HttpsAgent(agentOptions) };
}

/** Where the signer's clock correction lives: the SDK client's resolved config, shared with its own stack. */
interface Clock {
  systemClockOffset: number;
}

/** The last `Date` header parsed: it changes once a second, so most responses repeat it. */
let lastDate = { text: "", time: Number.NaN };

/**
 * Corrects the signing clock from a response's `Date` header, as the SDK's SigV4 signer
 * does after every response of an operation without event-stream output (`@aws-sdk/core`
 * `AwsSdkSigV4Signer` `successHandler`/`errorHandler` and `getUpdatedSystemClockOffset`,
 * 3.981.1, read 2026-11-30): skipped when a cache answered (`Age`) or the answer took over
 * 15 minutes.
 */
function sampleClock(clock: Clock, response: IncomingMessage, sentAt: number): void {
  const date = headerText(response.headers, "date");
  if (date === undefined || response.headers.age !== undefined) return;
  if (date !== lastDate.text) lastDate = { text: date, time: Date.parse(date) };
  const receivedAt = Date.now();
  if (Number.isNaN(lastDate.time) || receivedAt - sentAt > 900_000) return;
  clock.systemClockOffset = lastDate.time - receivedAt;
}

function ignoreLateError(): void {
  // Reported through the response instead.
}

/** Signs and sends one POST; resolves with a 2xx response, rejects with the SDK's error for any other. */
async function post(route: Route, clock: Clock, path: string, accept: string, body: string, signal: AbortSignal, guardrail?: GuardrailSettings): Promise<IncomingMessage> {
  const headers: Record<string, string> = { host: route.host, "content-type": "application/json", accept, "content-length": String(Buffer.byteLength(body)) };
  if (guardrail) {
    headers["x-amzn-bedrock-guardrailidentifier"] = guardrail.identifier;
    headers["x-amzn-bedrock-guardrailversion"] = guardrail.version;
    if (guardrail.trace) headers["x-amzn-bedrock-trace"] = guardrail.trace;
  }
  const signedHeaders = await route.signer.sign({ method: "POST", path, headers, body }, new Date(route.correctsClock ? Date.now() + clock.systemClockOffset : Date.now()));
  const sentAt = Date.now();
  signal.throwIfAborted();
  const response = await new Promise<IncomingMessage>((resolve, reject) => {
    let received: IncomingMessage | undefined;
    const request = route.send({ agent: route.agent, hostname: route.hostname, port: route.port, method: "POST", path, headers: signedHeaders }, (incoming) => {
      received = incoming;
      // Once the answer started, a failure shows on the response stream; the request's own
      // errors (its socket destroyed by an abort) must not go unhandled.
      request.on("error", ignoreLateError);
      incoming.once("end", stopWatching);
      resolve(incoming);
    });
    // One abort listener for the call's life, removed when the response ends or the request
    // closes; lighter than the `signal` option's stream plumbing.
    const abort = (): void => {
      // An answer received whole has handed its socket back to the keep-alive pool: nothing to stop.
      if (received?.complete) return;
      request.destroy(Object.assign(new Error("The operation was aborted"), { name: "AbortError", code: "ABORT_ERR", cause: signal.reason }));
    };
    const stopWatching = (): void => signal.removeEventListener("abort", abort);
    signal.addEventListener("abort", abort, { once: true });
    request.once("close", stopWatching);
    request.once("error", reject);
    request.end(body);
  });
  const statusCode = response.statusCode ?? 0;
  if (accept !== eventStreamType && route.correctsClock) sampleClock(clock, response, sentAt);
  if (statusCode >= 200 && statusCode < 300) return response;
  throw serviceError(response, await readBody(response));
}

/**
 * The path of a model operation. Model IDs may be ARNs with `:` and `/`; like the SDK
 * (`extendedEncodeURIComponent` for a restJson1 `{modelId}` label), every reserved
 * character is percent-encoded, `!'()*` included.
 */
function modelPath(basePath: string, modelId: string, action: string): string {
  return `${basePath}/model/${pathLabel(modelId)}/${action}`;
}

/** A restJson1 path label, encoded as the SDK encodes it. */
function pathLabel(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
}

function responseMetadata(response: IncomingMessage): ResponseMetadata {
  return readMetadata(response.headers, headerText(response.headers, "x-amzn-requestid"));
}



/** bedrock-kit's own client: one attempt per call (bedrock-kit owns retries), no SDK middleware. */
export function createDirectTransport(options: TransportOptions): Transport {
  const agents = createAgents();
  // Built for its resolved configuration only: no request goes through its stack, so it
  // gets a handler that refuses instead of the default HTTP/2 handler it would build.
  const client = new BedrockRuntimeClient({
    region: () => resolveRegion(options.region),
    credentials: options.credentials,
    // Credentials given in code mean SigV4, even with a Bedrock API key in the environment
    // (which the SDK would prefer): the caller said which identity to use.
    ...(options.credentials ? { authSchemePreference: ["sigv4"] } : {}),
    endpoint: options.endpoint,
    requestHandler: { handle: () => Promise.reject(new Error("bedrock-kit sends its own requests; this client only resolves configuration")) },
  });
  let route: Promise<Route> | undefined;
  const getRoute = (): Promise<Route> => {
    if (route) return route;
    route = resolveRoute(client, options.endpoint, agents);
    // A failed resolution (an endpoint the rules reject, an unreadable config file) is tried again next call.
    route.catch(() => (route = undefined));
    return route;
  };

  return {
    async invoke(modelId, body, signal, guardrail) {
      const resolved = await getRoute();
      const path = modelPath(resolved.basePath, modelId, "invoke");
      const response = await post(resolved, client.config, path, "application/json", body, signal, guardrail);
      return { body: await readBody(response), ...responseMetadata(response) };
    },

    async countTokens(modelId, body, signal) {
      const resolved = await getRoute();
      const path = modelPath(resolved.basePath, modelId, "count-tokens");
      // The InvokeModel body as a base64 blob (Bedrock API Reference, `CountTokensInput` and
      // `InvokeModelTokensRequest`, read 2026-11-30).
      const request = JSON.stringify({ input: { invokeModel: { body: Buffer.from(body, "utf8").toString("base64") } } });
      const response = await post(resolved, client.config, path, "application/json", request, signal);
      return readInputTokens(JSON.parse((await readBody(response)).toString("utf8")) as { inputTokens?: unknown });
    },

    async applyGuardrail(identifier, version, body, signal) {
      const resolved = await getRoute();
      const path = `${resolved.basePath}/guardrail/${pathLabel(identifier)}/version/${pathLabel(version)}/apply`;
      const response = await post(resolved, client.config, path, "application/json", body, signal);
      return { body: await readBody(response), ...responseMetadata(response) };
    },

    async invokeStream(modelId, body, signal, guardrail) {
      const resolved = await getRoute();
      const path = modelPath(resolved.basePath, modelId, "invoke-with-response-stream");
      const response = await post(resolved, client.config, path, eventStreamType, body, signal, guardrail);
      return { chunks: readChunks(response), ...responseMetadata(response) };
    },
  };
}

