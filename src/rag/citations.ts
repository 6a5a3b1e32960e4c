/**
 * Citations out of an answer: the prompt asks the model to mark each statement with the
 * numbers of the search results it used (`[1]`, `[2, 3]`); the markers are taken out of
 * the text, and each marked part becomes a citation whose span points into the clean text
 * and whose references are the numbered results (Bedrock's `citations` shape). Works on a
 * whole answer or on a stream of deltas.
 */
import type { RetrievalResult } from "./results.js";

/** A part of the answer and the search results it rests on (Bedrock's `Citation`). */
export interface Citation {
  /** Where the part sits in the answer: `text.slice(span.start, span.end)`. */
  span: CitationSpan;
  /** The retrieved chunks the part cites, in the order cited. */
  references: RetrievalResult[];
}

/** A part of the answer's text, as offsets. */
export interface CitationSpan {
  /** Offset of the part's first character. */
  start: number;
  /** Offset after its last character. */
  end: number;
}

/** A piece of the answer's text (without citation markers), in order. */
export interface AnswerTextEvent {
  /** Discriminator. */
  type: "text";
  /** The new text (a delta). */
  text: string;
}

/** A citation, as soon as the part it covers is complete. */
export interface CitationEvent {
  /** Discriminator. */
  type: "citation";
  /** The cited part's span in the answer so far, and its references. */
  citation: Citation;
}

/** What the parser hands on: clean text, or a finished citation. */
export type CitationOutput = AnswerTextEvent | CitationEvent;

const markerPattern = /(\s*)\[(\d+(?:\s*,\s*\d+)*)\]/;
/** A tail that may still grow into a marker: spaces, then `[`, digits, commas. */
const partialMarker = /\s*(?:\[[\d,\s]*)?$/;

/** Turns the model's text (whole, or delta by delta) into clean text and citations. */
export class CitationParser {
  readonly citations: Citation[] = [];
  text = "";
  #pending = "";
  #segmentStart = 0;
  #open: Citation | undefined;
  readonly #references: readonly RetrievalResult[];

  constructor(references: readonly RetrievalResult[]) {
    this.#references = references;
  }

  /** Feeds a delta; returns what can already be handed on. */
  push(delta: string): CitationOutput[] {
    this.#pending += delta;
    return this.#drain(false);
  }

  /** Ends the text; returns the rest. */
  end(): CitationOutput[] {
    const outputs = this.#drain(true);
    this.#close(outputs);
    return outputs;
  }

  #emitText(text: string, outputs: CitationOutput[]): void {
    if (text === "") return;
    this.#close(outputs);
    this.text += text;
    outputs.push({ type: "text", text });
  }

  #close(outputs: CitationOutput[]): void {
    if (!this.#open) return;
    this.citations.push(this.#open);
    outputs.push({ type: "citation", citation: this.#open });
    this.#open = undefined;
  }

  #drain(final: boolean): CitationOutput[] {
    const outputs: CitationOutput[] = [];
    for (;;) {
      const match = markerPattern.exec(this.#pending);
      if (!match) break;
      const numbers = match[2]!.split(",").map((digits) => Number(digits.trim()));
      const cited = numbers.filter((number) => number >= 1 && number <= this.#references.length);
      if (cited.length === 0) {
        // Not a citation (e.g. "[2024]"): kept as text.
        this.#emitText(this.#pending.slice(0, match.index + match[0].length), outputs);
        this.#pending = this.#pending.slice(match.index + match[0].length);
        continue;
      }
      this.#emitText(this.#pending.slice(0, match.index), outputs);
      this.#pending = this.#pending.slice(match.index + match[0].length);
      this.#cite(cited);
    }
    if (final) {
      this.#emitText(this.#pending, outputs);
      this.#pending = "";
    } else {
      const held = partialMarker.exec(this.#pending)!;
      this.#emitText(this.#pending.slice(0, held.index), outputs);
      this.#pending = this.#pending.slice(held.index);
    }
    return outputs;
  }

  /** Cites results for the text since the last citation, or adds them to it when no text came between. */
  #cite(numbers: number[]): void {
    const references = numbers.map((number) => this.#references[number - 1]!);
    if (this.#open) {
      for (const reference of references) if (!this.#open.references.includes(reference)) this.#open.references.push(reference);
      return;
    }
    let start = this.#segmentStart;
    while (start < this.text.length && /[\s.,;:!?]/.test(this.text[start]!)) start++;
    if (start >= this.text.length) return;
    this.#open = { span: { start, end: this.text.length }, references: [...new Set(references)] };
    this.#segmentStart = this.text.length;
  }
}
