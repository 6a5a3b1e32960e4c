/**
 * Local guardrails of an agent: functions that check the user's input before the first
 * model request, and each step's answer text as the step ends. A guardrail that trips ends
 * the run with `status: "guardrail-intervened"` (OpenAI Agents JS calls it a tripwire).
 * @module
 */
import { BedrockKitError } from "../index.js";
import { fail } from "./invalid.js";

/** What a guardrail function gets besides the text. */
export interface GuardrailContext {
  /** `input`: the user's message, before any request; `output`: a step's answer text. */
  kind: "input" | "output";
  /** For `output`, the step whose text is checked; undefined for `input`. */
  stepIndex: number | undefined;
  /** The run's session, or undefined. */
  sessionId: string | undefined;
  /** The session's attributes. */
  sessionAttributes: Readonly<Record<string, string>>;
  /** Aborted with the run: pass it on when the check calls a service (a classifier, a model). */
  signal: AbortSignal | undefined;
}

/** What a guardrail function answers. */
export interface GuardrailVerdict {
  /** True to stop the run here: the guardrail intervenes. */
  tripwireTriggered: boolean;
  /** Anything the caller wants to read back (a category, a score); kept on `run.guardrail.info`. */
  info?: unknown | undefined;
}

/**
 * A local guardrail: looks at the text and says whether to stop. It may be async (call a
 * classifier, or a small model through the client). A guardrail that throws ends the run
 * with `failed` (code `AgentGuardrailFailed`): a check that could not run does not let the
 * text through.
 */
export type GuardrailFunction = (text: string, context: GuardrailContext) => GuardrailVerdict | Promise<GuardrailVerdict>;

/** The agent's local guardrails (`createAgent({ guardrails })`); each takes one function or several, run concurrently. */
export interface AgentGuardrails {
  /** Check the user's `input` before the run's first model request; a trip sends nothing. */
  input?: GuardrailFunction | GuardrailFunction[] | undefined;
  /**
   * Check each step's answer text when the step ends, before its tools run; a trip ends the
   * run, and `run.text` is "" (the step keeps what the model said, for your records).
   */
  output?: GuardrailFunction | GuardrailFunction[] | undefined;
}

/** Why a run ended with `guardrail-intervened`. */
export interface GuardrailIntervention {
  /** `input` or `output`: a local guardrail tripped; `bedrock`: the agent's Bedrock guardrail intervened in a model step. */
  source: "input" | "output" | "bedrock";
  /** The local guardrail function's name (`input[0]`, `output[1]` … for an unnamed one), or the Bedrock guardrail's identifier. */
  name: string;
  /** The step concerned; undefined for an input guardrail. */
  stepIndex: number | undefined;
  /** The local guardrail's `info`, or Bedrock's guardrail trace (when the guardrail's `trace` is enabled). */
  info: unknown;
}

/** The local guardrails, checked: lists of named functions. */
export interface GuardrailSettings {
  input: NamedGuardrail[];
  output: NamedGuardrail[];
}

interface NamedGuardrail {
  name: string;
  check: GuardrailFunction;
}

function checkList(value: unknown, field: "input" | "output"): NamedGuardrail[] {
  if (value === undefined) return [];
  const list: unknown[] = Array.isArray(value) ? value : [value];
  return list.map((check, index) => {
    const where = Array.isArray(value) ? `guardrails.${field}[${index}]` : `guardrails.${field}`;
    if (typeof check !== "function") fail(where, "expected a function (text, context) => { tripwireTriggered }");
    // An arrow function written in place takes the property's name (`input`, `output`): that names nothing.
    const named = check.name !== "" && check.name !== field;
    return { name: named ? check.name : `${field}[${index}]`, check: check as GuardrailFunction };
  });
}

/** Checks `createAgent({ guardrails })`. */
export function checkGuardrails(guardrails: unknown): GuardrailSettings {
  if (guardrails === undefined) return { input: [], output: [] };
  if (typeof guardrails !== "object" || guardrails === null || Array.isArray(guardrails)) fail("guardrails", "expected { input?, output? } with guardrail functions");
  for (const key of Object.keys(guardrails)) if (key !== "input" && key !== "output") fail(`guardrails.${key.slice(0, 40)}`, "a guardrail is input or output");
  const { input, output } = guardrails as AgentGuardrails;
  return { input: checkList(input, "input"), output: checkList(output, "output") };
}

/**
 * Runs the guardrails on the text, concurrently; the first in the list that trips is the
 * intervention (undefined when none trips). Throws `BedrockKitError` (code
 * `AgentGuardrailFailed`) when one throws or answers without a boolean `tripwireTriggered`.
 */
export async function runGuardrails(guardrails: readonly NamedGuardrail[], text: string, context: GuardrailContext): Promise<GuardrailIntervention | undefined> {
  if (guardrails.length === 0) return undefined;
  const verdicts = await Promise.all(
    guardrails.map(async ({ name, check }) => {
      let verdict: GuardrailVerdict;
      try {
        verdict = await check(text, context);
      } catch (error) {
        throw new BedrockKitError(`The agent's ${context.kind} guardrail ${name} threw: ${error instanceof Error ? error.message : String(error)}`, { code: "AgentGuardrailFailed", cause: error });
      }
      if (typeof verdict?.tripwireTriggered !== "boolean") {
        throw new BedrockKitError(`The agent's ${context.kind} guardrail ${name} answered without { tripwireTriggered: boolean }`, { code: "AgentGuardrailFailed" });
      }
      return { name, verdict };
    }),
  );
  const tripped = verdicts.find(({ verdict }) => verdict.tripwireTriggered);
  return tripped && { source: context.kind, name: tripped.name, stepIndex: context.stepIndex, info: tripped.verdict.info };
}
