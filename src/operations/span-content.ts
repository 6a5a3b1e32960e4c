/**
 * The opt-in content of a text call's span (`telemetry: { captureContent: true }`), in the
 * GenAI semantic conventions' message format: `gen_ai.system_instructions`,
 * `gen_ai.input.messages` and `gen_ai.output.messages` as JSON, each message
 * `{ role, parts: [{ type, … }] }` (OpenTelemetry "Semantic conventions for generative
 * client AI spans", input/output message schemas, read 2026-11-30). Images are left out
 * (their bytes would swamp a span): a `blob` part says one was there.
 */
import type { SpanContent } from "../pipeline/telemetry.js";
import { systemText } from "../tokens/count.js";
import type { ContentPart, InvokeRequest, InvokeResult } from "../types.js";

/** One message part in the conventions' format. */
type MessagePart = Record<string, unknown> & { type: string };

function toParts(content: string | ContentPart[]): MessagePart[] {
  if (typeof content === "string") return [{ type: "text", content }];
  const parts: MessagePart[] = [];
  for (const part of content) {
    switch (part.type) {
      case "text":
        parts.push({ type: "text", content: part.text });
        break;
      case "reasoning":
        parts.push({ type: "reasoning", content: part.text });
        break;
      case "tool-call":
        parts.push({ type: "tool_call", id: part.id, name: part.name, arguments: part.input });
        break;
      case "tool-result":
        parts.push({ type: "tool_call_response", id: part.toolCallId, response: part.content });
        break;
      case "image":
        parts.push({ type: "blob", modality: "image", mime_type: part.mediaType });
        break;
      case "cache-point":
        break;
    }
  }
  return parts;
}

/** The content attributes of an invoke or stream call's span. */
export function textSpanContent(request: InvokeRequest, result: InvokeResult): SpanContent {
  const messages = request.messages ?? [{ role: "user" as const, content: request.prompt ?? "" }];
  const system = request.system === undefined ? undefined : systemText(request.system);
  return {
    system: system === undefined ? undefined : JSON.stringify([{ type: "text", content: system }]),
    input: JSON.stringify(messages.map((message) => ({ role: message.role, parts: toParts(message.content) }))),
    output: JSON.stringify([{ role: "assistant", parts: toParts(result.content), finish_reason: result.stopReason }]),
  };
}
