import { describe, expect, it } from "vitest";
import { TaggedReasoningSplitter, type ReasoningTags } from "../../src/adapters/shared/tagged-reasoning.js";

const think: ReasoningTags = { open: "<think>", close: "</think>" };
const reasoningTags: ReasoningTags = { open: "<reasoning>", close: "</reasoning>" };

/** Feeds the chunks through a splitter and joins consecutive pieces of one kind. */
function split(chunks: string[], tags: ReasoningTags | readonly [ReasoningTags, ...ReasoningTags[]], startsInside: boolean, joinBlocks = false): { type: string; text: string }[] {
  const splitter = new TaggedReasoningSplitter(tags, startsInside, joinBlocks);
  const joined: { type: string; text: string }[] = [];
  for (const piece of [...chunks.flatMap((chunk) => splitter.push(chunk)), ...splitter.flush()]) {
    const last = joined.at(-1);
    if (last && last.type === piece.type) last.text += piece.text;
    else joined.push({ ...piece });
  }
  return joined;
}

describe("TaggedReasoningSplitter", () => {
  const answer = "<think>\nCheck the fibre.\n</think>\n\nThe circuit is down.";
  const expected = [
    { type: "reasoning", text: "Check the fibre." },
    { type: "text", text: "The circuit is down." },
  ];

  it("gives the same parts for a whole answer and for any cut into chunks, tags split included", () => {
    for (const startsInside of [true, false]) {
      expect(split([answer], think, startsInside)).toEqual(expected);
      expect(split(answer.split(""), think, startsInside)).toEqual(expected);
      expect(split([answer.slice(0, 30), answer.slice(30)], think, startsInside)).toEqual(expected);
    }
  });

  it("starts in reasoning without an opening tag when the prompt opened it", () => {
    expect(split(["Check the fibre.\n</th", "ink>\n\nThe circuit", " is down."], think, true)).toEqual(expected);
  });

  it("keeps reasoning that never closed (cut at max_tokens) as reasoning", () => {
    expect(split(["Check the", " fibre "], think, true)).toEqual([{ type: "reasoning", text: "Check the fibre" }]);
  });

  it("recognises the opening tag only at the start", () => {
    expect(split(["<", "Hello"], reasoningTags, false)).toEqual([{ type: "text", text: "<Hello" }]);
    expect(split(["Use <reasoning> tags."], reasoningTags, false)).toEqual([{ type: "text", text: "Use <reasoning> tags." }]);
    expect(split(["<reasoning>a b</reasoning>c"], reasoningTags, false)).toEqual([
      { type: "reasoning", text: "a b" },
      { type: "text", text: "c" },
    ]);
  });

  it("joins blocks that follow one another (one per stream delta), keeping the whitespace at the seams", () => {
    const chunks = ["<reasoning> Look at", " it</reasoning>", "<reasoning>.\n  </reasoning><", "reasoning> - then answer</reasoning>", " 2"];
    const expectedParts = [
      { type: "reasoning", text: "Look at it.\n   - then answer" },
      { type: "text", text: "2" },
    ];
    expect(split(chunks, reasoningTags, false, true)).toEqual(expectedParts);
    expect(split([chunks.join("")], reasoningTags, false, true)).toEqual(expectedParts);
    expect(split(chunks.join("").split(""), reasoningTags, false, true)).toEqual(expectedParts);
  });

  it("without joinBlocks (gpt-oss, DeepSeek R1), a second block after the first is answer text", () => {
    expect(split(["<think>a</think>\n\n<think>oops</think> answer"], think, true)).toEqual([
      { type: "reasoning", text: "a" },
      { type: "text", text: "<think>oops</think> answer" },
    ]);
  });

  it("reads an opening tag that never completes after a block as answer text", () => {
    expect(split(["<reasoning>a</reasoning>", " <reas"], reasoningTags, false, true)).toEqual([
      { type: "reasoning", text: "a" },
      { type: "text", text: "<reas" },
    ]);
  });

  it("lets the first opening tag pick the pair when given several", () => {
    const pairs = [reasoningTags, think] as const;
    expect(split(["<thi", "nk> a </think> b"], pairs, false)).toEqual([
      { type: "reasoning", text: "a" },
      { type: "text", text: "b" },
    ]);
    expect(split(["<reasoning>a</reasoning><reasoning> c</reasoning>b"], pairs, false, true)).toEqual([
      { type: "reasoning", text: "a c" },
      { type: "text", text: "b" },
    ]);
    expect(split(["<think>a</think><reasoning>c</reasoning>"], pairs, false)).toEqual([
      { type: "reasoning", text: "a" },
      { type: "text", text: "<reasoning>c</reasoning>" },
    ]);
  });
});
