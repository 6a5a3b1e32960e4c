/** Rerank family → adapter. Adding a rerank family adds one line here. */
import { amazonRerank } from "./amazon-rerank.js";
import { cohereRerank } from "./cohere-rerank.js";
import type { RerankAdapter } from "./rerank-adapter.js";

/** Every rerank adapter bedrock-kit ships, by family name. */
export const rerankAdapters: ReadonlyMap<string, RerankAdapter> = new Map<string, RerankAdapter>([
  [cohereRerank.family, cohereRerank],
  [amazonRerank.family, amazonRerank],
]);
