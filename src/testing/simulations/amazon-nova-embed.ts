/**
 * The offline Bedrock's Nova Multimodal Embeddings (Amazon Nova User Guide "Complete
 * embeddings request and response schema", read 2026-11-30): `taskType` must be
 * SINGLE_EMBEDDING on InvokeModel; `singleEmbeddingParams` needs `embeddingPurpose` and
 * exactly one of text (`truncationMode` required, `value` up to 8,192 characters), image
 * (`format` png/jpeg/gif/webp, `source.bytes`), audio or video; `embeddingDimension` 256,
 * 384, 1024 or 3072 (default 3072). Answers `{embeddings: [{embeddingType, embedding}]}`.
 */
import { isRecord, checkKeys, countSimulatedTokens, embedText, hashText, type ModelSimulation } from "../kit.js";

const purposes = ["GENERIC_INDEX", "GENERIC_RETRIEVAL", "TEXT_RETRIEVAL", "IMAGE_RETRIEVAL", "VIDEO_RETRIEVAL", "DOCUMENT_RETRIEVAL", "AUDIO_RETRIEVAL", "CLASSIFICATION", "CLUSTERING"];
const dimensions = [256, 384, 1024, 3072];
const modalities = ["text", "image", "audio", "video"];

function malformed(path: string, expected: string): string {
  return `Malformed input request: #/${path}: ${expected}, please reformat your input and try again.`;
}

/** Why a text or image entry is malformed, or undefined. */
function checkModality(params: Record<string, unknown>): string | undefined {
  const given = modalities.filter((key) => key in params);
  if (given.length !== 1) return malformed("singleEmbeddingParams", "exactly one of text, image, video, audio must be present");
  const text = params.text;
  if (text !== undefined) {
    if (!isRecord(text) || !["START", "END", "NONE"].includes(String(text.truncationMode))) return malformed("singleEmbeddingParams/text/truncationMode", "expected one of START, END, NONE");
    if (typeof text.value !== "string" || text.value.length > 8_192) return malformed("singleEmbeddingParams/text/value", "expected a string of at most 8192 characters");
  }
  const image = params.image;
  if (image !== undefined) {
    if (!isRecord(image) || !["png", "jpeg", "gif", "webp"].includes(String(image.format))) return malformed("singleEmbeddingParams/image/format", "expected one of png, jpeg, gif, webp");
    if (!isRecord(image.source) || typeof image.source.bytes !== "string" || image.source.bytes === "") return malformed("singleEmbeddingParams/image/source", "expected bytes or s3Location");
  }
  if (params.audio !== undefined || params.video !== undefined) return "The offline Bedrock does not simulate Nova audio or video embeddings";
  return undefined;
}

/** The simulated Nova Multimodal Embeddings model. */
export const amazonNovaEmbedSimulation: ModelSimulation = {
  family: "amazon-nova-embed",
  validate(body) {
    if (!isRecord(body)) return "Malformed input request: #: expected type: JSONObject, please reformat your input and try again.";
    const problem = checkKeys(body, ["schemaVersion", "taskType", "singleEmbeddingParams"], ["taskType", "singleEmbeddingParams"]);
    if (problem) return problem;
    if (body.schemaVersion !== undefined && body.schemaVersion !== "nova-multimodal-embed-v1") return malformed("schemaVersion", "expected nova-multimodal-embed-v1");
    if (body.taskType !== "SINGLE_EMBEDDING") return malformed("taskType", "must be SINGLE_EMBEDDING for synchronous calls");
    const params = body.singleEmbeddingParams;
    if (!isRecord(params)) return malformed("singleEmbeddingParams", "expected type: JSONObject");
    const paramsProblem = checkKeys(params, ["embeddingPurpose", "embeddingDimension", ...modalities], ["embeddingPurpose"]);
    if (paramsProblem) return paramsProblem;
    if (!purposes.includes(String(params.embeddingPurpose))) return malformed("singleEmbeddingParams/embeddingPurpose", `${String(params.embeddingPurpose)} is not a valid enum value`);
    if (params.embeddingDimension !== undefined && !dimensions.includes(params.embeddingDimension as number)) {
      return malformed("singleEmbeddingParams/embeddingDimension", `${String(params.embeddingDimension)} is not a valid enum value`);
    }
    return checkModality(params);
  },
  answer(body) {
    const params = body.singleEmbeddingParams as Record<string, unknown>;
    const size = typeof params.embeddingDimension === "number" ? params.embeddingDimension : 3072;
    const text = isRecord(params.text) ? String(params.text.value) : undefined;
    const image = isRecord(params.image) && isRecord(params.image.source) ? String(params.image.source.bytes) : undefined;
    const content = text ?? `image${hashText(image ?? "").toString(36)}`;
    const inputTokens = countSimulatedTokens(content);
    return { body: { embeddings: [{ embeddingType: text === undefined ? "IMAGE" : "TEXT", embedding: embedText(content, size) }] }, chunks: [], inputTokens, outputTokens: 0 };
  },
};
