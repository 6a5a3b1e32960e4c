/**
 * Splits reasoning that a model writes inline, between tags, from its answer text:
 * DeepSeek-R1's `<think>…</think>` and gpt-oss's `<reasoning>…</reasoning>` on InvokeModel.
 * Works on whole bodies and on stream deltas alike: a tag split across chunks is held back
 * until it is whole, so an answer decodes to the same parts either way. Whitespace between
 * the tags and the text on either side is dropped.
 *
 * With `joinBlocks`, a closed block may be followed at once by another: Kimi K2 Thinking's stream on
 * InvokeModelWithResponseStream wraps each delta of its reasoning in its own tags
 * (`<reasoning> … word</reasoning><reasoning>.\n …</reasoning> 2`, recorded 2026-05-16 in
 * jparkerweb/bedrock-wrapper @2173035 `test-models-output.txt`, and alike in that file's runs
 * of 2025-12-04 to 2026-02-20; read 2026-11-30), where its InvokeModel body has one block. Such blocks join into one reasoning, the whitespace at the
 * seams kept.
 */
import type { ContentPart } from "../../types.js";

/** The opening and closing tag of a model's inline reasoning. */
export interface ReasoningTags {
  open: string;
  close: string;
}

/** A piece of decoded output: reasoning or answer text. */
export interface SplitPiece {
  type: "reasoning" | "text";
  text: string;
}

/** Where the splitter is in the output. */
type SplitState = "opening" | "reasoning" | "after-reasoning" | "text";

/** The length of the longest end of `text` that is the start of `tag` (a tag still arriving). */
function partialTagLength(text: string, tag: string): number {
  for (let length = Math.min(text.length, tag.length - 1); length > 0; length--) {
    if (tag.startsWith(text.slice(text.length - length))) return length;
  }
  return 0;
}

/** The index where the run of whitespace that ends at `end` begins. */
function whitespaceRunStart(text: string, end: number): number {
  let start = end;
  while (start > 0 && /\s/.test(text[start - 1] ?? "")) start--;
  return start;
}

/**
 * An incremental splitter of inline reasoning. With `startsInside`, the output begins in
 * reasoning (the prompt opened the tag, as AWS's DeepSeek-R1 template does) and an opening
 * tag at its start is optional; otherwise reasoning is recognised only when the output
 * begins with an opening tag (gpt-oss puts it before the answer). Given several pairs, the
 * output's first opening tag picks the pair (Kimi K2 Thinking writes `<reasoning>`, at times
 * `<think>`). Reasoning that never closes (the answer was cut at `max_tokens`) stays reasoning.
 */
export class TaggedReasoningSplitter {
  /** The pairs the output may open with; the first is the one a prompt opens (`startsInside`). */
  readonly #pairs: readonly ReasoningTags[];
  /** The pair in use: the one the output opened with. */
  #tags: ReasoningTags;
  readonly #startsInside: boolean;
  /** A block right after a closed one is more reasoning (Kimi), not answer text. */
  readonly #joinBlocks: boolean;
  #state: SplitState = "opening";
  #pending = "";
  /** True once reasoning text went out (leading whitespace is dropped until then). */
  #reasoningStarted = false;
  /** Whitespace that ended a closed block: reasoning if another block follows, dropped if text does. */
  #closedWhitespace = "";

  constructor(tags: ReasoningTags | readonly [ReasoningTags, ...ReasoningTags[]], startsInside: boolean, joinBlocks = false) {
    this.#joinBlocks = joinBlocks;
    const pairs: readonly [ReasoningTags, ...ReasoningTags[]] = "open" in tags ? [tags] : tags;
    this.#pairs = pairs;
    this.#tags = pairs[0];
    this.#startsInside = startsInside;
  }

  /** The pieces `text` completes; text that may still be part of a tag is held back. */
  push(text: string): SplitPiece[] {
    const pieces: SplitPiece[] = [];
    let buffer = this.#pending + text;
    this.#pending = "";
    while (buffer !== "") {
      if (this.#state === "opening") {
        const trimmed = buffer.trimStart();
        const opened = this.#pairs.find((pair) => trimmed.startsWith(pair.open));
        if (opened) {
          this.#tags = opened;
          buffer = trimmed.slice(opened.open.length);
          this.#state = "reasoning";
        } else if (this.#pairs.some((pair) => pair.open.startsWith(trimmed))) {
          this.#pending = buffer;
          return pieces;
        } else {
          this.#state = this.#startsInside ? "reasoning" : "text";
        }
        continue;
      }
      if (this.#state === "reasoning") {
        buffer = this.#reasoning(buffer, pieces);
        continue;
      }
      if (this.#state === "after-reasoning") {
        buffer = this.#afterReasoning(buffer);
        if (this.#pending !== "") return pieces;
        continue;
      }
      pieces.push({ type: "text", text: buffer });
      buffer = "";
    }
    return pieces;
  }

  /** What is still held back, once the output has ended. */
  flush(): SplitPiece[] {
    const rest = this.#pending;
    this.#pending = "";
    if (this.#state === "opening") {
      const trimmed = rest.trim();
      if (trimmed === "") return [];
      return [{ type: this.#startsInside ? "reasoning" : "text", text: this.#startsInside ? trimmed : rest }];
    }
    if (this.#state === "reasoning") {
      const trimmed = rest.trimEnd();
      return trimmed === "" ? [] : [{ type: "reasoning", text: trimmed }];
    }
    // After a block, what is held is the start of an opening tag that never completed: answer text.
    const text = rest.trimStart();
    return text === "" ? [] : [{ type: "text", text }];
  }

  /**
   * After a closed block: another block reopens reasoning (the whitespace between them kept),
   * the start of what may be an opening tag is held back, and anything else begins the text.
   * Returns what is left to split.
   */
  #afterReasoning(buffer: string): string {
    const trimmed = buffer.trimStart();
    if (!this.#joinBlocks) {
      if (trimmed !== "") this.#state = "text";
      return trimmed;
    }
    if (trimmed === "") {
      this.#closedWhitespace += buffer;
      return "";
    }
    if (trimmed.startsWith(this.#tags.open)) {
      const joined = this.#closedWhitespace + buffer.slice(0, buffer.length - trimmed.length);
      this.#closedWhitespace = "";
      this.#state = "reasoning";
      return joined + trimmed.slice(this.#tags.open.length);
    }
    if (this.#tags.open.startsWith(trimmed)) {
      this.#pending = buffer;
      return "";
    }
    this.#closedWhitespace = "";
    this.#state = "text";
    return trimmed;
  }

  /** Emits the reasoning in `buffer` up to the closing tag (or up to what may be its start); returns what follows the tag. */
  #reasoning(buffer: string, pieces: SplitPiece[]): string {
    const reasoning = this.#reasoningStarted ? buffer : buffer.trimStart();
    const closeAt = reasoning.indexOf(this.#tags.close);
    if (closeAt !== -1) {
      const inside = reasoning.slice(0, closeAt);
      const text = inside.trimEnd();
      if (text !== "") {
        pieces.push({ type: "reasoning", text });
        this.#reasoningStarted = true;
      }
      this.#closedWhitespace = inside.slice(text.length);
      this.#state = "after-reasoning";
      return reasoning.slice(closeAt + this.#tags.close.length);
    }
    const holdFrom = whitespaceRunStart(reasoning, reasoning.length - partialTagLength(reasoning, this.#tags.close));
    const text = reasoning.slice(0, holdFrom);
    if (text !== "") {
      pieces.push({ type: "reasoning", text });
      this.#reasoningStarted = true;
    }
    this.#pending = reasoning.slice(holdFrom);
    return "";
  }
}

/** Split output as content parts, consecutive pieces of one kind joined. */
export function piecesToParts(pieces: SplitPiece[]): ContentPart[] {
  const parts: ContentPart[] = [];
  for (const piece of pieces) {
    const last = parts[parts.length - 1];
    if (last && last.type === piece.type) last.text += piece.text;
    else parts.push({ type: piece.type, text: piece.text });
  }
  return parts;
}
