/**
 * Client-side stop sequences, for models that cannot take them on the wire: text is cut
 * at the first match, also across stream deltas (text that may be the start of a stop
 * sequence is held back until it is known not to be).
 */

/** Length of the longest end of `text` that is the start of one of `stops` (but not a whole one). */
function heldLength(text: string, stops: readonly string[]): number {
  let longest = 0;
  for (const stop of stops) {
    for (let length = Math.min(stop.length - 1, text.length); length > longest; length--) {
      if (text.endsWith(stop.slice(0, length))) {
        longest = length;
        break;
      }
    }
  }
  return longest;
}

/** Cuts a stream of text deltas at the first stop sequence. */
export class StopSequenceCutter {
  /** The stop sequence that matched, once one has. */
  matched: string | undefined;
  #held = "";

  constructor(readonly stops: readonly string[]) {}

  /** The part of the text so far that can be delivered now; nothing after a match. */
  push(delta: string): string {
    if (this.matched !== undefined) return "";
    const text = this.#held + delta;
    let cut = -1;
    for (const stop of this.stops) {
      const index = text.indexOf(stop);
      if (index >= 0 && (cut < 0 || index < cut)) {
        cut = index;
        this.matched = stop;
      }
    }
    if (cut >= 0) {
      this.#held = "";
      return text.slice(0, cut);
    }
    const held = heldLength(text, this.stops);
    this.#held = text.slice(text.length - held);
    return text.slice(0, text.length - held);
  }

  /** The text held back at the end of the stream (it was not a stop sequence after all). */
  flush(): string {
    const rest = this.#held;
    this.#held = "";
    return rest;
  }
}
