/**
 * Nova 1's visible chain of thought: with tools, Nova Micro/Lite/Pro open their answer with
 * `<thinking> … </thinking>` before the tool calls (recorded Nova Micro tool answers,
 * open-telemetry-python-contrib botocore cassettes 2025-03-25/28, per
 * ../shared/research/review-wire-formats.md finding 7, read 2026-11-30). bedrock-kit moves
 * that preamble into a reasoning part. Text that does not start with the tag passes through.
 */

const openTag = "<thinking>";
const closeTag = "</thinking>";

/** A piece of the split answer: reasoning (inside the tags) or answer text (after them). */
export interface ThinkingPiece {
  type: "reasoning" | "text";
  text: string;
}

/** The length of the longest end of `text` that could start `tag`. */
function partialTagLength(text: string, tag: string): number {
  for (let length = Math.min(tag.length - 1, text.length); length > 0; length--) {
    if (tag.startsWith(text.slice(text.length - length))) return length;
  }
  return 0;
}

/**
 * Splits streamed answer text into its `<thinking>` preamble and the rest, holding back
 * only as much text as could still be part of a tag.
 */
export class ThinkingTagSplitter {
  #state: "start" | "inside" | "after" | "plain" = "start";
  #held = "";
  #reasoningStarted = false;

  /** The pieces `text` completes, in order. */
  push(text: string): ThinkingPiece[] {
    const pieces: ThinkingPiece[] = [];
    let rest = text;
    while (rest !== "") {
      switch (this.#state) {
        case "plain":
          pieces.push({ type: "text", text: rest });
          rest = "";
          break;
        case "start": {
          const buffered = (this.#held + rest).trimStart();
          rest = "";
          if (buffered.startsWith(openTag)) {
            this.#state = "inside";
            this.#held = "";
            rest = buffered.slice(openTag.length);
          } else if (openTag.startsWith(buffered)) {
            this.#held = buffered;
          } else {
            this.#state = "plain";
            pieces.push({ type: "text", text: this.#held === "" ? text : this.#held + text });
            this.#held = "";
          }
          break;
        }
        case "inside": {
          // Whitespace right after the opening tag is not part of the reasoning.
          const buffered = this.#reasoningStarted ? this.#held + rest : (this.#held + rest).trimStart();
          rest = "";
          if (buffered === "") break;
          this.#reasoningStarted = true;
          const end = buffered.indexOf(closeTag);
          if (end >= 0) {
            if (end > 0) pieces.push({ type: "reasoning", text: buffered.slice(0, end) });
            this.#held = "";
            this.#state = "after";
            rest = buffered.slice(end + closeTag.length);
          } else {
            const keep = partialTagLength(buffered, closeTag);
            if (buffered.length > keep) pieces.push({ type: "reasoning", text: buffered.slice(0, buffered.length - keep) });
            this.#held = buffered.slice(buffered.length - keep);
          }
          break;
        }
        case "after": {
          const trimmed = rest.trimStart();
          rest = "";
          if (trimmed !== "") {
            this.#state = "plain";
            pieces.push({ type: "text", text: trimmed });
          }
          break;
        }
      }
    }
    return pieces;
  }

  /** What is still held when the answer ends: unmatched text, or reasoning whose closing tag never came. */
  end(): ThinkingPiece[] {
    const held = this.#held;
    this.#held = "";
    if (held === "") return [];
    if (this.#state === "inside") return [{ type: "reasoning", text: held }];
    return this.#state === "start" ? [{ type: "text", text: held }] : [];
  }
}

/** Splits a whole answer text: the `<thinking>` preamble (if any) and the rest. */
export function splitThinking(text: string): ThinkingPiece[] {
  const splitter = new ThinkingTagSplitter();
  return [...splitter.push(text), ...splitter.end()];
}
