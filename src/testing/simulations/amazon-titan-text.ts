/**
 * The offline Bedrock's Titan Text model: validates bodies as Bedrock does
 * (bedrock-formats.md §4.3, including the stop-sequence pattern) and answers deterministically.
 */
import { isRecord, checkKeys, checkNumber, countSimulatedTokens, generateText, replyGeneration, type Generation, type ModelSimulation, type SimulatedAnswer } from "../kit.js";

/**
 * The only stop sequences Bedrock accepts for Titan Text: a run of `|`, or exactly `User:`;
 * anything else is refused with "does not match pattern ^(\\|+|User:)$".
 * Source: ../shared/design/bedrock-formats.md §4.3 "Stop-sequence trap" (boto/boto3#3993,
 * aws/aws-sdk#692; read 2026-11-25).
 */
const acceptedStopPattern = /^(\|+|User:)$/;

const configKeys = ["temperature", "topP", "maxTokenCount", "stopSequences"];
const completionReasons = { end: "FINISH", max_tokens: "LENGTH", stop_sequence: "STOP_CRITERIA_MET" } as const;

/** Titan's default output budget when `maxTokenCount` is not sent (AWS user guide). */
const defaultMaxTokenCount = 512;

/** The simulated Titan Text model. */
export const amazonTitanTextSimulation: ModelSimulation = {
  family: "amazon-titan-text",

  validate(body, model) {
    if (!isRecord(body)) return "Malformed input request: #: expected type: JSONObject, please reformat your input and try again.";
    const problem = checkKeys(body, ["inputText", "textGenerationConfig"], ["inputText"]);
    if (problem) return problem;
    if (typeof body.inputText !== "string") return "Malformed input request: #/inputText: expected type: String, please reformat your input and try again.";
    const config = body.textGenerationConfig;
    if (config === undefined) return undefined;
    if (!isRecord(config)) return "Malformed input request: #/textGenerationConfig: expected type: JSONObject, please reformat your input and try again.";
    const configProblem =
      checkKeys(config, configKeys, []) ??
      checkNumber(config, "temperature", 0, 1) ??
      checkNumber(config, "topP", 0, 1) ??
      checkNumber(config, "maxTokenCount", 0, model.maxOutputTokens, true);
    if (configProblem) return configProblem.replace("#/", "#/textGenerationConfig/").replace("#:", "#/textGenerationConfig:");
    const stops = config.stopSequences;
    if (stops === undefined) return undefined;
    if (!Array.isArray(stops)) return "Malformed input request: #/textGenerationConfig/stopSequences: expected type: JSONArray, please reformat your input and try again.";
    const bad = stops.find((stop) => typeof stop !== "string" || !acceptedStopPattern.test(stop));
    if (bad !== undefined) {
      return `Malformed input request: #/textGenerationConfig/stopSequences: string [${String(bad)}] does not match pattern ^(\\|+|User:)$, please reformat your input and try again.`;
    }
    return undefined;
  },

  answer(body) {
    const prompt = String(body.inputText);
    const config = isRecord(body.textGenerationConfig) ? body.textGenerationConfig : {};
    const stops = Array.isArray(config.stopSequences) ? (config.stopSequences as string[]) : [];
    const maxTokens = typeof config.maxTokenCount === "number" ? config.maxTokenCount : defaultMaxTokenCount;
    const generation = generateText(prompt, maxTokens, stops, " ");
    return titanAnswer(generation, countSimulatedTokens(prompt), generation.pieces.length);
  },

  scripting: { toolCalls: "none", reasoning: false },
  render: (reply) => titanAnswer(replyGeneration(reply), reply.inputTokens, reply.outputTokens),
};

function titanAnswer(generation: Generation, inputTokens: number, outputTokens: number): SimulatedAnswer {
  const outputText = generation.pieces.join("");
  const completionReason = completionReasons[generation.ending];
  let count = 0;
  const chunks: Record<string, unknown>[] = generation.pieces.map((piece, index) => ({
    outputText: piece,
    index: 0,
    totalOutputTextTokenCount: index === generation.pieces.length - 1 ? outputTokens : ++count,
    completionReason: null,
    inputTextTokenCount: index === 0 ? inputTokens : null,
  }));
  chunks.push({ outputText: "", index: 0, totalOutputTextTokenCount: outputTokens, completionReason, inputTextTokenCount: chunks.length === 0 ? inputTokens : null });
  return {
    body: { inputTextTokenCount: inputTokens, results: [{ tokenCount: outputTokens, outputText, completionReason }] },
    chunks,
    inputTokens,
    outputTokens,
  };
}
