/** Nova 1's `<thinking>` preamble split from the answer, whole and streamed. */
import { describe, expect, it } from "vitest";
import { splitThinking, ThinkingTagSplitter } from "../../src/adapters/amazon-nova-thinking.js";

function streamed(pieces: string[]): { reasoning: string; text: string } {
  const splitter = new ThinkingTagSplitter();
  const out = { reasoning: "", text: "" };
  for (const piece of [...pieces.flatMap((text) => splitter.push(text)), ...splitter.end()]) out[piece.type] += piece.text;
  return out;
}

describe("the <thinking> splitter", () => {
  it("splits a whole answer and trims the whitespace around the tags", () => {
    expect(splitThinking("  <thinking>\n I need the tool. </thinking>\n\nDone.")).toEqual([
      { type: "reasoning", text: "I need the tool. " },
      { type: "text", text: "Done." },
    ]);
  });

  it("gives the same split whatever the stream's piece boundaries", () => {
    const answer = "<thinking> Check the ticket. </thinking>\nIt is open.";
    for (let cut = 1; cut < answer.length; cut++) {
      expect(streamed([answer.slice(0, cut), answer.slice(cut)])).toEqual({ reasoning: "Check the ticket. ", text: "It is open." });
    }
  });

  it("passes through text that does not open with the tag, even one that starts like it", () => {
    expect(streamed(["<thi", "s is plain"])).toEqual({ reasoning: "", text: "<this is plain" });
    expect(streamed(["Hello <thinking>x</thinking>"])).toEqual({ reasoning: "", text: "Hello <thinking>x</thinking>" });
    expect(streamed(["<thin"])).toEqual({ reasoning: "", text: "<thin" });
  });

  it("keeps reasoning whose closing tag never came", () => {
    expect(streamed(["<thinking> cut off </thi"])).toEqual({ reasoning: "cut off </thi", text: "" });
  });
});
