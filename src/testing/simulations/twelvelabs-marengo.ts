/**
 * The offline Bedrock's TwelveLabs Marengo Embed models on InvokeModel (text and image only;
 * video and audio are StartAsyncInvoke). 2.7 (AWS "TwelveLabs Marengo Embed 2.7", read
 * 2026-11-30): flat `inputType` text (`inputText`, `textTruncate` end/none) or image
 * (`mediaSource.base64String`), 1,024 values. 3.0 (AWS "TwelveLabs Marengo Embed 3.0" and the
 * nested keys as BerriAI/litellm @844a9f5 builds them, read 2026-11-30): `text.inputText`,
 * `image.mediaSource`, `text_image.{inputText, mediaSource}`, 512 values. Both answer
 * `{data: [{embedding}]}` (the shape LiteLLM @00e06b8 reads).
 */
import { isRecord, checkKeys, countSimulatedTokens, embedText, hashText, type ModelSimulation } from "../kit.js";

function malformed(path: string, expected: string): string {
  return `Malformed input request: #/${path}: ${expected}, please reformat your input and try again.`;
}

/** True for `{base64String: "<non-empty>"}`. */
function isMediaSource(value: unknown): boolean {
  return isRecord(value) && typeof value.base64String === "string" && value.base64String !== "";
}

/** The answer for a text and/or an image, `size` values. */
function answerFor(text: string, image: string | undefined, size: number): ReturnType<ModelSimulation["answer"]> {
  const content = `${text}${image === undefined ? "" : ` image${hashText(image).toString(36)}`}`.trim();
  const inputTokens = text === "" ? 0 : countSimulatedTokens(text);
  return { body: { data: [{ embedding: embedText(content, size) }] }, chunks: [], inputTokens, outputTokens: 0 };
}

/** The simulated Marengo Embed 2.7. */
export const twelvelabsMarengoSimulation: ModelSimulation = {
  family: "twelvelabs-marengo",
  validate(body) {
    if (!isRecord(body)) return "Malformed input request: #: expected type: JSONObject, please reformat your input and try again.";
    if (body.inputType === "text") {
      const problem = checkKeys(body, ["inputType", "inputText", "textTruncate"], ["inputText"]);
      if (problem) return problem;
      if (typeof body.inputText !== "string" || body.inputText === "") return malformed("inputText", "expected a non-empty string");
      if (body.textTruncate !== undefined && !["end", "none"].includes(String(body.textTruncate))) return malformed("textTruncate", "expected end or none");
      return undefined;
    }
    if (body.inputType === "image") return checkKeys(body, ["inputType", "mediaSource"], ["mediaSource"]) ?? (isMediaSource(body.mediaSource) ? undefined : malformed("mediaSource", "expected base64String or s3Location"));
    if (body.inputType === "video" || body.inputType === "audio") return "Video and audio embeddings are served through StartAsyncInvoke, not InvokeModel";
    return malformed("inputType", "expected one of video, text, audio, image");
  },
  answer(body) {
    const image = isRecord(body.mediaSource) ? String(body.mediaSource.base64String) : undefined;
    return answerFor(typeof body.inputText === "string" ? body.inputText : "", image, 1024);
  },
};

/** The simulated Marengo Embed 3.0. */
export const twelvelabsMarengo3Simulation: ModelSimulation = {
  family: "twelvelabs-marengo-3",
  validate(body) {
    if (!isRecord(body)) return "Malformed input request: #: expected type: JSONObject, please reformat your input and try again.";
    const inputType = String(body.inputType);
    if (!["text", "image", "text_image"].includes(inputType)) return malformed("inputType", "expected text, image or text_image on InvokeModel");
    const problem = checkKeys(body, ["inputType", "inferenceId", inputType], [inputType]);
    if (problem) return problem;
    const input = body[inputType];
    if (!isRecord(input)) return malformed(inputType, "expected type: JSONObject");
    if (inputType !== "image" && (typeof input.inputText !== "string" || input.inputText === "")) return malformed(`${inputType}/inputText`, "expected a non-empty string");
    if (inputType !== "text" && !isMediaSource(input.mediaSource)) return malformed(`${inputType}/mediaSource`, "expected base64String or s3Location");
    return undefined;
  },
  answer(body) {
    const input = body[String(body.inputType)] as Record<string, unknown>;
    const image = isRecord(input.mediaSource) ? String(input.mediaSource.base64String) : undefined;
    return answerFor(typeof input.inputText === "string" ? input.inputText : "", image, 512);
  },
};
