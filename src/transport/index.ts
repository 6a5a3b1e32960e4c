/**
 * The only folder that imports @aws-sdk/client-bedrock-runtime. Sends InvokeModel and
 * InvokeModelWithResponseStream, yields chunk bytes, and reads what the SDK's output
 * does not expose: the request ID and the token-count headers.
 *
 * Two paths. bedrock-kit's own client resolves credentials, Region, endpoint and signing
 * scope once through a `BedrockRuntimeClient`'s own resolvers, then signs each call with
 * its own SigV4 code (sigv4.ts) and sends it on a keep-alive `node:http(s)` agent: no per-call middleware
 * stack (docs/performance.md has the measurements). A `bedrockRuntime` client the user
 * passes in is used through its own middleware stack, so its plugins, handler and retry
 * settings all apply.
 */
import { createDirectTransport } from "./direct.js";
import { createSdkTransport } from "./sdk-client.js";
import type { Transport, TransportOptions } from "./types.js";

export type { GuardrailSettings, InvokeResponse, ResponseMetadata, StreamResponse, Transport, TransportOptions } from "./types.js";

/**
 * Builds the transport: the direct path for bedrock-kit's own client (bedrock-kit owns
 * retries, so each call is one attempt), or the SDK path over a client the user passes in,
 * used with its own settings.
 */
export function createTransport(options: TransportOptions): Transport {
  return options.bedrockRuntime ? createSdkTransport(options.bedrockRuntime) : createDirectTransport(options);
}
