import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { embeddingAdapters } from "../../src/adapters/embedding-index.js";
import { adapters } from "../../src/adapters/index.js";
import { imageAdapters } from "../../src/adapters/image-index.js";
import { countTokens } from "../../src/index.js";
import { listModels } from "../../src/catalog.js";

const tokensDirectory = new URL("../../src/tokens/", import.meta.url);

describe("tokenizer choice", () => {
  it("src/tokens/ names no model family and matches no model ID: adapters and catalog rows declare the counters", () => {
    const families = [...adapters.keys(), ...embeddingAdapters.keys(), ...imageAdapters.keys()];
    for (const file of readdirSync(tokensDirectory)) {
      const source = readFileSync(new URL(file, tokensDirectory), "utf8");
      for (const family of families) expect(source, `${file} names ${family}`).not.toContain(`"${family}"`);
      expect(source, `${file} matches model IDs`).not.toMatch(/\^(anthropic|amazon|meta|mistral|cohere|ai21)\\\./);
    }
  });

  it("counts every text model with the estimator its adapter declares, unless an exact tokenizer is named", async () => {
    for (const model of listModels()) {
      const adapter = adapters.get(model.family);
      if (!adapter || adapter.tokenizer.exact !== undefined || model.exactTokenizer !== undefined) continue;
      expect(await countTokens(model.id, "Two sites, one fibre cut."), model.id).toMatchObject({ exact: false, tokenizer: `estimate:${adapter.tokenizer.estimator}` });
    }
    // Same family (mistral-prompt), other vocabulary: only the catalog row of Mixtral names Mistral's v1 tokenizer.
    expect(await countTokens("mistral.mistral-small-2402-v1:0", "Two sites.")).toMatchObject({ exact: false, tokenizer: "estimate:small-vocabulary" });
    expect(await countTokens("mistral.mixtral-8x7b-instruct-v0:1", "Two sites.")).toMatchObject({ exact: true, tokenizer: "mistral-tokenizer-js" });
  });
});

describe("exact offline tokenizers", () => {
  it("count exactly where a public tokenizer is installed, the rendered prompt for a request", async () => {
    const text = "The link between the two sites dropped after a fibre cut.";
    for (const [modelId, tokenizer] of [
      ["anthropic.claude-v2", "@anthropic-ai/tokenizer"],
      ["meta.llama2-13b-chat-v1", "llama-tokenizer-js"],
      ["us.meta.llama3-3-70b-instruct-v1:0", "llama3-tokenizer-js"],
      ["mistral.mixtral-8x7b-instruct-v0:1", "mistral-tokenizer-js"],
    ] as const) {
      const count = await countTokens(modelId, text);
      expect(count, modelId).toMatchObject({ exact: true, tokenizer });
      expect(count.tokens).toBeGreaterThan(9);
      expect(count.tokens).toBeLessThan(16);
    }
    // Llama 3: <|begin_of_text|>, 2 × (<|start_header_id|> role <|end_header_id|> "\n\n") and <|eot_id|>: 10 tokens around "Hi".
    const request = await countTokens("meta.llama3-8b-instruct-v1:0", { prompt: "Hi" });
    const plain = await countTokens("meta.llama3-8b-instruct-v1:0", "Hi");
    expect(request.tokens - plain.tokens).toBe(10);
    expect(await countTokens("mistral.mistral-large-2407-v1:0", text)).toMatchObject({ exact: false });
  });
});
