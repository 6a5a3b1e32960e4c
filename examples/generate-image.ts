/**
 * Generates an image and writes it to disk as a PNG.
 * Run: npx tsx examples/generate-image.ts [out.png]   (offline; BEDROCK_LIVE=1 for real Bedrock)
 */
import "./quiet-node-warning.js";
import { writeFile } from "node:fs/promises";
import { exampleClient } from "./offline.js";

const path = process.argv[2] ?? "generated.png";
const { fm, close } = await exampleClient();
try {
  const result = await fm.generateImage({
    modelId: "stability.sd3-5-large-v1:0",
    prompt: "A telecom equipment cabinet beside a road at dusk, photorealistic",
    negativePrompt: "people, text",
    width: 1024,
    height: 1024,
    seed: 42,
  });
  await writeFile(path, result.images[0]!);
  console.log(`Wrote ${path} (${result.images[0]!.byteLength} bytes, seed ${result.seeds[0] ?? "not reported"}, cost ${result.cost ? `$${result.cost.totalUsd}` : "unknown"})`);
} finally {
  await close();
}
