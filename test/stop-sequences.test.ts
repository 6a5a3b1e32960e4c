import { describe, expect, it } from "vitest";
import { StopSequenceCutter } from "../src/operations/stop-sequences.js";

function run(deltas: string[], stops: string[]): { text: string; matched: string | undefined } {
  const cutter = new StopSequenceCutter(stops);
  let text = "";
  for (const delta of deltas) text += cutter.push(delta);
  text += cutter.flush();
  return { text, matched: cutter.matched };
}

describe("StopSequenceCutter", () => {
  it("cuts at the first match, even when the stop spans deltas", () => {
    expect(run(["Thought: x\n\nObs", "ervation: y"], ["\n\nObservation:"])).toEqual({ text: "Thought: x", matched: "\n\nObservation:" });
    expect(run(["a", "b", "S", "T", "O", "P", "c"], ["STOP"])).toEqual({ text: "ab", matched: "STOP" });
  });

  it("picks the earliest of several stops and delivers nothing after it", () => {
    expect(run(["one END two HALT three"], ["HALT", "END"])).toEqual({ text: "one ", matched: "END" });
  });

  it("releases held text that turned out not to be a stop", () => {
    const cutter = new StopSequenceCutter(["STOP"]);
    expect(cutter.push("go ST")).toBe("go ");
    expect(cutter.push("ay")).toBe("STay");
    expect(cutter.push(" ST")).toBe(" ");
    expect(cutter.flush()).toBe("ST");
    expect(cutter.matched).toBeUndefined();
  });
});
