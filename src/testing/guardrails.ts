/**
 * Simulated Bedrock guardrails: a test defines one with the words it denies; requests that
 * name it (InvokeModel's guardrail headers) are blocked when their body contains a denied
 * word. Facts from the Bedrock User Guide, "Use a guardrail with InvokeModel" and the
 * InvokeModel API reference (read 2026-11-30): the answer carries
 * `amazon-bedrock-guardrailAction` (`INTERVENED` or `NONE`) at the top of the body (or of a
 * stream's chunk), the guardrail's configured blocked message as the model's text, and, with
 * `X-Amzn-Bedrock-Trace: ENABLED`, its assessment under `amazon-bedrock-trace`. ⚠️ The trace's
 * inner shape below follows the ApplyGuardrail assessment types; no recorded InvokeModel
 * trace was found.
 */

/** A guardrail the offline Bedrock knows. */
export interface LocalGuardrail {
  /** The ID (or ARN) requests name. */
  identifier: string;
  /** The version requests must name: `DRAFT` (default) or a number such as `"1"`. */
  version?: string | undefined;
  /** Words (matched case-insensitively anywhere in the request body) whose presence blocks the call, as a denied topic would. */
  deniedWords: string[];
  /** The text the model's answer is replaced with. Default: Bedrock's console default. */
  blockedMessage?: string | undefined;
}

/** The guardrail's verdict on one request. */
export interface GuardrailVerdict {
  intervened: boolean;
  blockedMessage: string;
  /** The `amazon-bedrock-trace` member, when the request asked for the trace. */
  trace: Record<string, unknown> | undefined;
}

const defaultBlockedMessage = "Sorry, the model cannot answer this question.";

/** The guardrails of one offline Bedrock. */
export class GuardrailBook {
  readonly #guardrails = new Map<string, LocalGuardrail>();

  add(guardrail: LocalGuardrail): void {
    if (typeof guardrail?.identifier !== "string" || guardrail.identifier === "") throw new Error("addGuardrail(): an identifier is required");
    if (!Array.isArray(guardrail.deniedWords)) throw new Error("addGuardrail(): deniedWords must be an array of words");
    this.#guardrails.set(guardrail.identifier, { ...guardrail, version: guardrail.version ?? "DRAFT" });
  }

  clear(): void {
    this.#guardrails.clear();
  }

  /** The verdict on a request body, or undefined when no such guardrail (and version) exists. */
  judge(identifier: string, version: string, trace: string | undefined, rawBody: string): GuardrailVerdict | undefined {
    const guardrail = this.#guardrails.get(identifier);
    if (!guardrail || guardrail.version !== version) return undefined;
    const text = rawBody.toLowerCase();
    const denied = guardrail.deniedWords.filter((word) => text.includes(word.toLowerCase()));
    const intervened = denied.length > 0;
    const traced = trace === "ENABLED" || trace === "ENABLED_FULL";
    return {
      intervened,
      blockedMessage: guardrail.blockedMessage ?? defaultBlockedMessage,
      trace: traced
        ? {
            guardrail: {
              input: {
                [identifier]: {
                  topicPolicy: { topics: denied.map((word) => ({ name: word, type: "DENY", action: "BLOCKED" })) },
                },
              },
            },
          }
        : undefined,
    };
  }
}
