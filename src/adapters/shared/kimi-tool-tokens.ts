/**
 * Kimi K2's native tool-call tokens, which Kimi K2 Thinking on Bedrock sometimes writes into
 * its `<reasoning>` text instead of answering with `tool_calls`:
 * `<|tool_calls_section_begin|> <|tool_call_begin|> functions.get_weather:1
 * <|tool_call_argument_begin|> {"city": "Paris"} <|tool_call_end|> <|tool_calls_section_end|>`,
 * cut anywhere across stream deltas, the stream then ending with `finish_reason: "stop"`.
 *
 * Source: frames recorded from `moonshot.kimi-k2-thinking` on InvokeModelWithResponseStream
 * (us-east-2) in Bike4Mind/bike4mind `b4m-core/llm-adapters/src/bedrockBackend/base.sharedIndexText.test.ts`
 * @1565fb3 and `kimiNativeTools.test.ts` @0291d9e ("captured verbatim from live
 * moonshot.kimi-k2-thinking"), read 2026-11-30. A call without the section markers around it
 * is taken too, as that project does (not recorded). The call ID format
 * `functions.{name}:{index}` is Moonshot's (Kimi K2 tool-calling guide, as quoted in public
 * code), and the recorded structured calls carry the same IDs.
 */
import type { ToolCall } from "../../types.js";

const sectionBegin = "<|tool_calls_section_begin|>";
const sectionEnd = "<|tool_calls_section_end|>";
const callBegin = "<|tool_call_begin|>";
const argumentBegin = "<|tool_call_argument_begin|>";
const callEnd = "<|tool_call_end|>";

/** What a piece of text held: the text outside any call, and the calls it completed. */
export interface ExtractedToolCalls {
  text: string;
  calls: ToolCall[];
}

/** The length of the longest end of `text` that is the start of one of `markers`. */
function partialMarkerLength(text: string, markers: readonly string[]): number {
  for (let length = Math.min(text.length, Math.max(...markers.map((marker) => marker.length)) - 1); length > 0; length--) {
    const end = text.slice(text.length - length);
    if (markers.some((marker) => marker.startsWith(end))) return length;
  }
  return 0;
}

/**
 * One call from the text between its begin and end markers: `functions.{name}:{index}
 * <|tool_call_argument_begin|> {arguments}`; undefined when it names no tool the request
 * offered or its arguments are not JSON (then it is text the model wrote, e.g. about the
 * syntax itself).
 */
function parseCall(inner: string, offered: ReadonlySet<string>): ToolCall | undefined {
  const split = inner.indexOf(argumentBegin);
  const id = (split === -1 ? inner : inner.slice(0, split)).trim();
  const raw = split === -1 ? "" : inner.slice(split + argumentBegin.length).trim();
  const name = id.replace(/^functions\./, "").replace(/:\d+$/, "");
  if (!offered.has(name)) return undefined;
  let input: unknown = {};
  if (raw !== "") {
    try {
      input = JSON.parse(raw);
    } catch {
      return undefined;
    }
  }
  return { id, name, input };
}

/**
 * Takes Kimi's native tool calls out of text as it arrives: text outside a call goes on at
 * once (less an end that may be the start of a marker), a call is given whole when its end
 * marker arrives. Only calls of the tools the request offered are taken; any other span
 * stays in the text as the model wrote it.
 */
export class KimiToolTokenExtractor {
  readonly #offered: ReadonlySet<string>;
  #pending = "";
  /** True between a call's (or section's) begin marker and the end of the last call. */
  #inside = false;
  /** A section's begin marker not yet followed by a call taken: given back as text if none comes. */
  #heldSection = "";
  /** True once the current section's begin marker went back into the text: its end marker goes too. */
  #sectionGivenBack = false;

  constructor(offered: readonly string[]) {
    this.#offered = new Set(offered);
  }

  /** The text and whole calls that `text` completes. */
  push(text: string): ExtractedToolCalls {
    const result: ExtractedToolCalls = { text: "", calls: [] };
    let buffer = this.#pending + text;
    this.#pending = "";
    while (buffer !== "") {
      if (!this.#inside) {
        const at = [buffer.indexOf(sectionBegin), buffer.indexOf(callBegin)].filter((index) => index !== -1);
        if (at.length === 0) {
          const hold = partialMarkerLength(buffer, [sectionBegin, callBegin]);
          result.text += buffer.slice(0, buffer.length - hold);
          this.#pending = buffer.slice(buffer.length - hold);
          return result;
        }
        const begin = Math.min(...at);
        result.text += buffer.slice(0, begin);
        const opensSection = buffer.startsWith(sectionBegin, begin);
        if (opensSection) this.#heldSection = sectionBegin;
        buffer = buffer.slice(begin + (opensSection ? sectionBegin.length : 0));
        this.#inside = true;
        continue;
      }
      const trimmed = buffer.trimStart();
      if (trimmed.startsWith(sectionEnd)) {
        // A section that held no call taken is text as written.
        if (this.#heldSection !== "" || this.#sectionGivenBack) result.text += `${this.#heldSection}${buffer.slice(0, buffer.length - trimmed.length)}${sectionEnd}`;
        this.#heldSection = "";
        this.#sectionGivenBack = false;
        buffer = trimmed.slice(sectionEnd.length);
        this.#inside = false;
        continue;
      }
      if (trimmed.startsWith(callBegin)) {
        const end = trimmed.indexOf(callEnd);
        if (end === -1) break;
        const call = parseCall(trimmed.slice(callBegin.length, end), this.#offered);
        if (call) result.calls.push(call);
        else {
          result.text += this.#heldSection + buffer.slice(0, buffer.length - trimmed.length) + trimmed.slice(0, end + callEnd.length);
          if (this.#heldSection !== "") this.#sectionGivenBack = true;
        }
        this.#heldSection = "";
        buffer = trimmed.slice(end + callEnd.length);
        continue;
      }
      if (trimmed === "" || callBegin.startsWith(trimmed) || sectionEnd.startsWith(trimmed)) break;
      // Text after a call that had no section around it (or after a section's begin marker alone).
      result.text += this.#heldSection;
      this.#heldSection = "";
      this.#sectionGivenBack = false;
      this.#inside = false;
    }
    this.#pending = buffer;
    return result;
  }

  /** What is still held back once the text has ended: a marker's start, or a call that never closed, as text. */
  flush(): string {
    const rest = this.#heldSection + this.#pending;
    this.#pending = "";
    this.#heldSection = "";
    this.#sectionGivenBack = false;
    this.#inside = false;
    return rest;
  }
}
