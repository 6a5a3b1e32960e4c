/**
 * TwelveLabs Pegasus 1.2 on Bedrock: video understanding. The body is `{ inputPrompt,
 * mediaSource: { base64String } | { s3Location: { uri, bucketOwner? } }, temperature,
 * maxOutputTokens, responseFormat? }`; the answer `{ message, finishReason }` (`stop` or
 * `length`), usage in Bedrock's token headers. The video goes in through
 * `native: { mediaSource }`.
 *
 * Source: AWS Bedrock User Guide, "TwelveLabs Pegasus 1.2" (model-parameters-pegasus, read
 * 2026-11-30): request and response tables and examples (temperature 0–1, default 0.2;
 * maxOutputTokens up to 4,096; inputPrompt up to 2,000 tokens; base64 video up to 36 MB,
 * or an S3 video up to one hour). The page lists InvokeModelWithResponseStream but shows no
 * stream chunk, so bedrock-kit has no stream decoder for Pegasus yet: `stream()` invokes
 * once and yields the answer as one delta (an `emulated` warning says so).
 */
import { ValidationError } from "../errors.js";
import { isRecord } from "../encoding.js";
import type { StopReason, Warning } from "../types.js";
import type { AdapterOutput, ModelAdapter, NativeRequest, NormalizedRequest } from "./adapter.js";
import { plainPromptWarning, renderPlainPrompt, topKWarning } from "./shared/conversation.js";

/** Where Pegasus reads the video from. */
export type PegasusMediaSource = { base64String: string } | { s3Location: { uri: string; bucketOwner?: string } };

/** The native InvokeModel body of TwelveLabs Pegasus. */
export interface PegasusBody {
  inputPrompt: string;
  mediaSource: PegasusMediaSource;
  temperature?: number | undefined;
  maxOutputTokens?: number | undefined;
  [extra: string]: unknown;
}

const mediaSourceShape = '{ base64String } (a base64 video) or { s3Location: { uri: "s3://…", bucketOwner? } }';

/** `native.mediaSource`, checked; a ValidationError naming the field and its allowed shapes otherwise. */
function checkMediaSource(native: Record<string, unknown> | undefined, modelId: string): PegasusMediaSource {
  const source = native?.mediaSource;
  const fail = (detail: string): never => {
    throw new ValidationError(`Invalid native.mediaSource: ${detail}; ${modelId} needs the video as ${mediaSourceShape}`, { field: "native.mediaSource", modelId });
  };
  if (source === undefined) return fail("missing");
  if (!isRecord(source)) return fail("expected an object");
  const hasBase64 = source.base64String !== undefined;
  const hasS3 = source.s3Location !== undefined;
  if (hasBase64 === hasS3) return fail("give exactly one of base64String or s3Location");
  if (hasBase64) {
    if (typeof source.base64String !== "string" || source.base64String === "") return fail("base64String must be a non-empty base64 string");
    return { base64String: source.base64String };
  }
  const location = source.s3Location;
  if (!isRecord(location) || typeof location.uri !== "string" || !location.uri.startsWith("s3://")) return fail('s3Location.uri must be an "s3://" URI');
  if (location.bucketOwner !== undefined && (typeof location.bucketOwner !== "string" || !/^\d{12}$/.test(location.bucketOwner))) {
    return fail("s3Location.bucketOwner must be a 12-digit AWS account ID");
  }
  return { s3Location: location.bucketOwner === undefined ? { uri: location.uri } : { uri: location.uri, bucketOwner: location.bucketOwner } };
}

/** TwelveLabs Pegasus: a prompt about a video given in `native.mediaSource`. */
export const twelveLabsPegasus = {
  family: "twelvelabs-pegasus",
  parameterRanges: { temperature: [0, 1] },
  tokenizer: { estimator: "large-vocabulary" },

  toNativeBody(request: NormalizedRequest, model): NativeRequest<PegasusBody> {
    const mediaSource = checkMediaSource(request.native, model.id);
    const warnings: Warning[] = [];
    if (request.system !== undefined || request.messages.length > 1) warnings.push(plainPromptWarning(model.id, request.system !== undefined));
    const body: PegasusBody = { inputPrompt: renderPlainPrompt(request.messages, request.system), mediaSource };
    if (request.temperature !== undefined) body.temperature = request.temperature;
    if (request.maxTokens !== undefined) body.maxOutputTokens = request.maxTokens;
    if (request.topP !== undefined) warnings.push({ type: "unsupported", feature: "topP", message: `${model.id} has no topP; it was not sent.` });
    if (request.topK !== undefined) warnings.push(topKWarning(model.id));
    const result: NativeRequest<PegasusBody> = { body: { ...body, ...request.native }, warnings };
    if (request.stopSequences?.length) {
      warnings.push({ type: "emulated", feature: "stopSequences", message: `${model.id} takes no stop sequences on Bedrock; bedrock-kit applies them to the text it returns.` });
      result.emulatedStopSequences = request.stopSequences;
    }
    return result;
  },

  fromNativeBody(body: unknown): AdapterOutput {
    if (!isRecord(body) || typeof body.message !== "string") throw new Error("the body has no message");
    return {
      content: body.message === "" ? [] : [{ type: "text", text: body.message }],
      rawStopReason: typeof body.finishReason === "string" ? body.finishReason : undefined,
      stopSequence: undefined,
      usage: undefined,
    };
  },

  /** `stop` → end_turn, `length` → max_tokens. */
  mapStopReason(raw: string | undefined): StopReason {
    if (raw === "stop") return "end_turn";
    return raw === "length" ? "max_tokens" : "unknown";
  },
} satisfies ModelAdapter<PegasusBody>;
