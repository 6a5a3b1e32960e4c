/**
 * The format of a base64 image, read from its first bytes, for embedding bodies that must
 * name it (Cohere Embed v4 data URLs, Nova Multimodal Embeddings' `image.format`). The
 * signatures are the files' own magic numbers: PNG `89 50 4E 47`, JPEG `FF D8 FF`, GIF
 * `GIF8`, WebP `RIFF….WEBP`.
 */

/** An image format both Cohere Embed v4 and Nova Multimodal Embeddings take. */
export type ImageFormat = "png" | "jpeg" | "gif" | "webp";

/** The format of a base64-encoded image, or undefined when its first bytes match none of the four. */
export function imageFormatOf(base64: string): ImageFormat | undefined {
  const head = Buffer.from(base64.slice(0, 24), "base64");
  if (head.subarray(0, 4).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47]))) return "png";
  if (head.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]))) return "jpeg";
  if (head.subarray(0, 4).toString("latin1") === "GIF8") return "gif";
  if (head.subarray(0, 4).toString("latin1") === "RIFF" && head.subarray(8, 12).toString("latin1") === "WEBP") return "webp";
  return undefined;
}
