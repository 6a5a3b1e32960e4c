/** The client's `limits` as policy: refusals before the network with `ValidationError` code `PolicyLimit` (audited as `denied`). */
import { ValidationError } from "../errors.js";
import type { ClientContext } from "../pipeline/context.js";

/** A refusal by the client's `limits` (policy, not a malformed request). */
export function policyLimit(field: string, detail: string, modelId: string): ValidationError {
  return new ValidationError(`Invalid ${field}: ${detail}`, { code: "PolicyLimit", field, modelId });
}

/** Refuses a native body over the client's `limits.maxRequestBytes`, for every operation that sends one. */
export function checkRequestBytes(context: ClientContext, body: string, modelId: string): void {
  const maxRequestBytes = context.limits.maxRequestBytes;
  if (maxRequestBytes === undefined || body.length * 3 <= maxRequestBytes) return;
  const bytes = Buffer.byteLength(body, "utf8");
  if (bytes > maxRequestBytes) throw policyLimit("request", `the native body is ${bytes} bytes, over this client's limits.maxRequestBytes of ${maxRequestBytes}`, modelId);
}
