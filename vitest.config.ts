import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const source = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  // The subpaths (src/rag/ imports "bedrock-kit" as a user would) resolve to the sources, as tsconfig.json `paths` does.
  resolve: {
    alias: [
      { find: /^bedrock-kit$/, replacement: source("./src/index.ts") },
      { find: /^bedrock-kit\/testing$/, replacement: source("./src/testing/index.ts") },
      { find: /^bedrock-kit\/rag$/, replacement: source("./src/rag/index.ts") },
      { find: /^bedrock-kit\/agents$/, replacement: source("./src/agents/index.ts") },
      { find: /^bedrock-kit\/ai-sdk$/, replacement: source("./src/ai-sdk/index.ts") },
      { find: /^bedrock-kit\/langchain$/, replacement: source("./src/langchain/index.ts") },
    ],
  },
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 20_000,
    pool: "threads",
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
  },
});
