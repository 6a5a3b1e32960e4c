/** What the transport promises the client: one request per call, chunk bytes, response metadata. */
import type { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@smithy/types";
import type { PartialUsage } from "../types.js";

/** How the transport builds its own client when the user gives no `bedrockRuntime`. */
export interface TransportOptions {
  /** The explicit Region; when absent, {@link resolveRegion} finds it as the AWS SDK does. */
  region: string | undefined;
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider | undefined;
  endpoint: string | undefined;
  bedrockRuntime: BedrockRuntimeClient | undefined;
}

/** What the response headers of one call said. */
export interface ResponseMetadata {
  requestId: string | undefined;
  /** `X-Amzn-Bedrock-Input-Token-Count` / `-Output-Token-Count` (and the `-Cache-Read-` / `-Cache-Write-Input-Token-Count` ones), when sent. */
  headerUsage: PartialUsage | undefined;
}

/** One InvokeModel answer. */
export interface InvokeResponse extends ResponseMetadata {
  body: Uint8Array;
}

/** One InvokeModelWithResponseStream answer: headers arrived, chunks to come. */
export interface StreamResponse extends ResponseMetadata {
  /**
   * The model JSON bytes of the `chunk` events, in batches (one per network read, decoded
   * as iterated). Iterating throws at an exception frame, a bad CRC or a truncated frame,
   * after the chunks before it.
   */
  chunks: AsyncIterable<Iterable<Uint8Array>>;
}

/** Sends one request; `signal` ends it and frees its connection. */
export interface Transport {
  invoke(modelId: string, body: string, signal: AbortSignal, guardrail?: GuardrailSettings): Promise<InvokeResponse>;
  invokeStream(modelId: string, body: string, signal: AbortSignal, guardrail?: GuardrailSettings): Promise<StreamResponse>;
  /** Bedrock's ApplyGuardrail with a JSON body (`{ source, content }`): the answer's body. */
  applyGuardrail(identifier: string, version: string, body: string, signal: AbortSignal): Promise<InvokeResponse>;
  /** Bedrock's CountTokens for an InvokeModel body: the input tokens Bedrock would bill. */
  countTokens(modelId: string, body: string, signal: AbortSignal): Promise<number>;
}

/** A guardrail as InvokeModel takes it (Bedrock API Reference, InvokeModel request headers, read 2026-11-30). */
export interface GuardrailSettings {
  /** `X-Amzn-Bedrock-GuardrailIdentifier`. */
  identifier: string;
  /** `X-Amzn-Bedrock-GuardrailVersion`. */
  version: string;
  /** `X-Amzn-Bedrock-Trace`. */
  trace: "ENABLED" | "DISABLED" | "ENABLED_FULL" | undefined;
}
