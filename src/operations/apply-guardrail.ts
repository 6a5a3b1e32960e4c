/** `fm.applyGuardrail`: Bedrock's ApplyGuardrail, a guardrail's verdict on text without a model call. */
import { ValidationError } from "../errors.js";
import type { CallOrigin } from "../types.js";
import { withRetries } from "../pipeline/attempts.js";
import type { ClientContext } from "../pipeline/context.js";
import { runCall, type CallTarget } from "../pipeline/run-call.js";
import { CallScope } from "../pipeline/scope.js";
import { isRecord } from "../encoding.js";
import { guardrailVersionPattern } from "../validate.js";
import { malformed } from "./invoke.js";

/** One block of text for, or from, a guardrail. */
export interface GuardrailTextBlock {
  /** The text. */
  text: string;
}

/** What {@link BedrockKitClient.applyGuardrail} takes. */
export interface ApplyGuardrailRequest {
  /** The guardrail's ID or ARN. */
  identifier: string;
  /** Its version: `DRAFT` or a number such as `"1"`. */
  version: string;
  /** Whether the text is a user's input or a model's output. */
  source: "INPUT" | "OUTPUT";
  /** The text to assess: one string, or several blocks. */
  content: string | GuardrailTextBlock[];
  /** Aborts the call. */
  signal?: AbortSignal | undefined;
  /** The agent or knowledge base this call is a step of (see {@link CallOrigin}): on its events, audit line and span; never sent to Bedrock. */
  origin?: CallOrigin | undefined;
}

/** What {@link BedrockKitClient.applyGuardrail} resolves to (Bedrock's ApplyGuardrail answer). */
export interface ApplyGuardrailResult {
  /** `GUARDRAIL_INTERVENED` when the guardrail would block or mask the text, else `NONE`. */
  action: "NONE" | "GUARDRAIL_INTERVENED";
  /** The text to use instead (the blocked message, or the masked text) when it intervened. */
  outputs: GuardrailTextBlock[];
  /** The guardrail's assessment, per policy, as Bedrock reports it. */
  assessments: unknown[];
  /** Bedrock's text units by policy, as it reports them. */
  usage: Record<string, number> | undefined;
  /** Bedrock's `x-amzn-requestid`. */
  requestId: string | undefined;
}

const utf8Decoder = new TextDecoder();

function checkRequest(request: ApplyGuardrailRequest): { identifier: string; version: string; body: string } {
  if (!isRecord(request)) throw new ValidationError("Invalid request: expected { identifier, version, source, content }", { field: "request" });
  const { identifier, version, source, content } = request;
  if (typeof identifier !== "string" || identifier.trim() === "") throw new ValidationError("Invalid identifier: expected the guardrail's ID or ARN", { field: "identifier" });
  if (typeof version !== "string" || !guardrailVersionPattern.test(version)) throw new ValidationError('Invalid version: expected "DRAFT" or a version number such as "1"', { field: "version" });
  if (source !== "INPUT" && source !== "OUTPUT") throw new ValidationError('Invalid source: expected "INPUT" or "OUTPUT"', { field: "source" });
  const blocks = typeof content === "string" ? [{ text: content }] : content;
  if (!Array.isArray(blocks) || blocks.length === 0 || blocks.some((block) => !isRecord(block) || typeof block.text !== "string")) {
    throw new ValidationError("Invalid content: expected a string or a non-empty array of { text }", { field: "content" });
  }
  // Bedrock's ApplyGuardrail body (API Reference, read 2026-11-30): content blocks of { text: { text } }.
  return { identifier, version, body: JSON.stringify({ source, content: blocks.map((block) => ({ text: { text: block.text } })) }) };
}

/** `fm.applyGuardrail(request)`. */
export function applyGuardrail(context: ClientContext, request: ApplyGuardrailRequest): Promise<ApplyGuardrailResult> {
  const identifier = typeof request?.identifier === "string" ? request.identifier.slice(0, 200) : "";
  const scope = new CallScope(identifier, "applyGuardrail", context.timeoutMs);
  return runCall(context, scope, request, {
    resolve: (): CallTarget & { checked: ReturnType<typeof checkRequest> } => {
      const checked = checkRequest(request);
      return { requested: checked.identifier, baseModelId: undefined, model: {}, kind: "guardrail", checked };
    },
    prepare: ({ checked }) => ({
      // Guardrail text units have no price in bedrock-kit's table: nothing is held or recorded.
      worstCase: { inputPico: 0, outputPico: 0 },
      noPriceReason: undefined,
      execute: () =>
        withRetries(scope, context.retries, context.observers, async () => {
          const response = await context.transport().applyGuardrail(checked.identifier, checked.version, checked.body, scope.signal);
          const text = utf8Decoder.decode(response.body);
          let answer: unknown;
          try {
            answer = JSON.parse(text);
          } catch {
            throw malformed(scope, "the body is not JSON", text, response.requestId);
          }
          if (!isRecord(answer) || (answer.action !== "NONE" && answer.action !== "GUARDRAIL_INTERVENED")) throw malformed(scope, "no action", text, response.requestId);
          return {
            action: answer.action,
            outputs: Array.isArray(answer.outputs) ? answer.outputs.filter((output): output is GuardrailTextBlock => isRecord(output) && typeof output.text === "string") : [],
            assessments: Array.isArray(answer.assessments) ? answer.assessments : [],
            usage: isRecord(answer.usage) ? (answer.usage as Record<string, number>) : undefined,
            requestId: response.requestId,
          } satisfies ApplyGuardrailResult;
        }),
      finish: (result) => ({ spent: undefined, event: result.requestId ? { requestId: result.requestId } : {} }),
    }),
  });
}
