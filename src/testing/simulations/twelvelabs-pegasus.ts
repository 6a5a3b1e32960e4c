/**
 * The offline Bedrock's TwelveLabs Pegasus 1.2: validates the body as AWS's "TwelveLabs
 * Pegasus 1.2" page documents it (read 2026-11-30: `inputPrompt` and `mediaSource`
 * required, `mediaSource` holding `base64String` or `s3Location { uri, bucketOwner? }`;
 * `temperature` 0–1; `maxOutputTokens` up to 4,096; `responseFormat`) and answers
 * `{ message, finishReason }` with `finishReason` `stop` or `length`.
 *
 * The page shows no stream chunk ⚠️; this simulation streams `{ message }` pieces and a last
 * `{ message: "", finishReason }`, the body's own field names.
 */
import { checkKeys, checkNumber, countSimulatedTokens, generateText, isRecord, replyGeneration, textPieces, type Generation, type ModelSimulation, type SimulatedAnswer } from "../kit.js";

function malformed(path: string, detail: string): string {
  return `Malformed input request: #/${path}: ${detail}, please reformat your input and try again.`;
}

/** Why a `mediaSource` is not one AWS documents, or undefined. */
function mediaSourceProblem(source: unknown): string | undefined {
  if (!isRecord(source)) return malformed("mediaSource", "expected type: JSONObject");
  const base64 = source.base64String;
  const location = source.s3Location;
  if ((base64 === undefined) === (location === undefined)) return malformed("mediaSource", "either base64String or s3Location must be provided");
  if (base64 !== undefined) return typeof base64 === "string" && base64 !== "" ? undefined : malformed("mediaSource/base64String", "expected a base64 string");
  if (!isRecord(location) || typeof location.uri !== "string" || !location.uri.startsWith("s3://")) return malformed("mediaSource/s3Location/uri", "expected an S3 URI");
  return undefined;
}

function pegasusAnswer(generation: Generation, inputTokens: number, outputTokens: number): SimulatedAnswer {
  const finishReason = generation.ending === "max_tokens" ? "length" : "stop";
  const message = generation.pieces.join("");
  return {
    body: { message, finishReason },
    chunks: [...textPieces(message).map((piece) => ({ message: piece })), { message: "", finishReason }],
    inputTokens,
    outputTokens,
  };
}

/** The simulated Pegasus model: it describes "the video" in the kit's deterministic sentences. */
export const twelveLabsPegasusSimulation: ModelSimulation = {
  family: "twelvelabs-pegasus",
  scripting: { toolCalls: "none", reasoning: false },

  validate(body, model) {
    if (!isRecord(body)) return "Malformed input request: #: expected type: JSONObject, please reformat your input and try again.";
    const problem =
      checkKeys(body, ["inputPrompt", "mediaSource", "temperature", "maxOutputTokens", "responseFormat"], ["inputPrompt", "mediaSource"]) ??
      checkNumber(body, "temperature", 0, 1) ??
      checkNumber(body, "maxOutputTokens", 1, model.maxOutputTokens, true);
    if (problem) return problem;
    if (typeof body.inputPrompt !== "string" || body.inputPrompt === "") return malformed("inputPrompt", "expected a non-empty string");
    return mediaSourceProblem(body.mediaSource);
  },

  answer(body) {
    const prompt = String(body.inputPrompt);
    const generation = generateText(`${prompt}:${JSON.stringify(body.mediaSource)}`, typeof body.maxOutputTokens === "number" ? body.maxOutputTokens : 4_096);
    // Input tokens: the prompt's; the video's share of Bedrock's count is not documented.
    return pegasusAnswer(generation, countSimulatedTokens(prompt), generation.pieces.length);
  },

  render: (reply) => pegasusAnswer(replyGeneration(reply), reply.inputTokens, reply.outputTokens),
};
