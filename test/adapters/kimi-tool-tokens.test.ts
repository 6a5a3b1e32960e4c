import { describe, expect, it } from "vitest";
import { KimiToolTokenExtractor } from "../../src/adapters/shared/kimi-tool-tokens.js";

/** Feeds the pieces through one extractor: the text outside calls, and the calls. */
function extract(pieces: string[]): { text: string; calls: unknown[] } {
  const extractor = new KimiToolTokenExtractor(["get_ticket", "page_oncall"]);
  let text = "";
  const calls: unknown[] = [];
  for (const piece of pieces) {
    const result = extractor.push(piece);
    text += result.text;
    calls.push(...result.calls);
  }
  return { text: text + extractor.flush(), calls };
}

describe("KimiToolTokenExtractor", () => {
  const section =
    'Check first. <|tool_calls_section_begin|> <|tool_call_begin|> functions.get_ticket:0 <|tool_call_argument_begin|> {"id": "NET-4521"} <|tool_call_end|> <|tool_call_begin|> functions.page_oncall:1 <|tool_call_argument_begin|> {} <|tool_call_end|> <|tool_calls_section_end|>';
  const expected = {
    text: "Check first. ",
    calls: [
      { id: "functions.get_ticket:0", name: "get_ticket", input: { id: "NET-4521" } },
      { id: "functions.page_oncall:1", name: "page_oncall", input: {} },
    ],
  };

  it("takes the calls of a section out of the text, whole or cut anywhere", () => {
    expect(extract([section])).toEqual(expected);
    expect(extract(section.split(""))).toEqual(expected);
    for (let cut = 1; cut < section.length; cut += 7) expect(extract([section.slice(0, cut), section.slice(cut)])).toEqual(expected);
  });

  it("takes a call without a section around it, the text after it kept", () => {
    expect(extract(['Look it up. <|tool_call_begin|> functions.get_ticket:0 <|tool_call_argument_begin|> {"id": "A"} <|tool_call_end|>', " Then answer."])).toEqual({
      text: "Look it up.  Then answer.",
      calls: [{ id: "functions.get_ticket:0", name: "get_ticket", input: { id: "A" } }],
    });
  });

  it("gives back as text what only looked like a marker, and a call that never closed", () => {
    expect(extract(["a <|", "b"])).toEqual({ text: "a <|b", calls: [] });
    expect(extract(["x <|tool_call_begin|> functions.f:0 <|tool_call_argument_begin|> {\"a\":"])).toEqual({ text: 'x <|tool_call_begin|> functions.f:0 <|tool_call_argument_begin|> {"a":', calls: [] });
  });

  it("gives back a section's begin marker that no call followed, as written", () => {
    expect(extract(["a <|tool_calls_section_begin|> then prose"])).toEqual({ text: "a <|tool_calls_section_begin|> then prose", calls: [] });
    expect(extract(["a <|tool_calls_section_begin|>"])).toEqual({ text: "a <|tool_calls_section_begin|>", calls: [] });
    expect(extract(["a <|tool_calls_section_begin|> <|tool_calls_section_end|> b"])).toEqual({ text: "a <|tool_calls_section_begin|> <|tool_calls_section_end|> b", calls: [] });
    const untaken = "<|tool_call_begin|> functions.not_offered:0 <|tool_call_argument_begin|> {} <|tool_call_end|>";
    const whole = `a <|tool_calls_section_begin|> ${untaken} <|tool_calls_section_end|> b`;
    expect(extract([whole])).toEqual({ text: whole, calls: [] });
    expect(extract(whole.split(""))).toEqual({ text: whole, calls: [] });
  });

  it("leaves as text a span whose arguments are not JSON, or that names a tool the request did not offer", () => {
    const notJson = "<|tool_call_begin|> functions.get_ticket:0 <|tool_call_argument_begin|> {ARGS} <|tool_call_end|>";
    expect(extract([`Kimi writes ${notJson} in its raw output.`])).toEqual({ text: `Kimi writes ${notJson} in its raw output.`, calls: [] });
    const other = '<|tool_call_begin|> functions.delete_everything:0 <|tool_call_argument_begin|> {"all": true} <|tool_call_end|>';
    expect(extract([`See ${other}.`])).toEqual({ text: `See ${other}.`, calls: [] });
  });
});
