/**
 * On-demand text-model prices on Bedrock, Standard tier, in USD per 1,000 tokens.
 *
 * Source: ../shared/design/models.md §1–§6 and §8 (read 2026-11-25), which takes them from
 * awslabs/startups `pricing-cache.md` ("Last updated 2026-07-17", transcribed from the AWS
 * pricing page; Claude rows N. Virginia, Llama 3.1+ and Nova rows Ohio), aws/agent-toolkit
 * `bedrock_pricing.py` (re-verified 2026-10-05), pydantic/genai-prices (2026-08-21) and
 * LiteLLM (2026-07-24), bold values where they disagree. Prices apply to the US Regions and
 * to `us.` and `global.` profiles; other profiles are priced only where the table has a
 * row for them. Batch, Flex/Priority tiers, latency-optimised SKUs and provisioned
 * throughput are not priced here.
 */

/** Prices of one model, USD per 1,000 tokens. */
export interface TokenPrices {
  /** USD per 1,000 input tokens. */
  inputPer1k: number;
  /** USD per 1,000 output tokens. */
  outputPer1k: number;
  /** Prompt-cache reads, where Bedrock caches for the model. */
  cacheReadPer1k?: number | undefined;
  /** Prompt-cache writes (5-minute), where Bedrock caches for the model. */
  cacheWritePer1k?: number | undefined;
}

/** The price of an image-generation model, USD per image. */
export interface ImagePrices {
  /** USD per 1024×1024 image at standard quality (other sizes and premium quality can cost more). */
  perImage: number;
}

/** The price of a rerank model, USD per query (one call of up to 100 documents). */
export interface QueryPrices {
  /** USD per query; a call with more than 100 documents counts one query per 100 started. */
  perQuery: number;
}

/** What `getModel(id).pricing` holds: token prices for text and embedding models, a per-image price for image models, a per-query price for rerank models. */
export type ModelPricing = TokenPrices | ImagePrices | QueryPrices;

/** A model's prices: the base (US, `us.`, `global.`) and its priced profile variants. */
export interface PriceRow extends TokenPrices {
  /** Prices by inference-profile prefix where they differ from the base (e.g. geo profiles +10 %). */
  profiles?: Record<string, TokenPrices> | undefined;
  /** Sonnet 4 / 4.5: a request with more input tokens than `thresholdTokens` is priced at these rates, whole. */
  longContext?: TokenPrices & { thresholdTokens: number } | undefined;
  /** No price is known for requests with more input tokens than this (a profile's long-context tier). */
  unpricedAbove?: number | undefined;
  /** Batch inference prices, where AWS lists them (never derived from on-demand). */
  batch?: TokenPrices | undefined;
}

function prices(inputPer1k: number, outputPer1k: number, extra: Omit<PriceRow, "inputPer1k" | "outputPer1k"> = {}): PriceRow {
  return { inputPer1k, outputPer1k, ...extra };
}

// Claude cache prices: read 0.1 × input, 5-minute write 1.25 × input (models.md §1 "Claude
// notes"); Claude 3 Haiku/Sonnet/Opus have no caching on Bedrock. Geo profiles of Sonnet 4.5
// and Haiku 4.5 cost 10 % more than global./bare; us-gov. Claude +20 % (models.md §8.4, §8.7).
// Geo cache prices were not read, so calls through geo profiles that use the cache get no cost.
const sonnet45Geo: TokenPrices = { inputPer1k: 0.0033, outputPer1k: 0.0165 };
const haiku45Geo: TokenPrices = { inputPer1k: 0.0011, outputPer1k: 0.0055 };

/**
 * Batch prices where models.md lists them: Nova (§2 "Nova notes") and Llama 3.1 / 3.3 / 4
 * (§3 "Meta notes"), from the AWS pricing cache (Ohio, 2026-07-17). Claude 4.x batch is
 * ≈50 % off per the same source but its numbers were not read, so it is not priced.
 */
const batchPrices: Record<string, TokenPrices> = {
  "amazon.nova-micro-v1:0": { inputPer1k: 0.0000175, outputPer1k: 0.00007 },
  "amazon.nova-lite-v1:0": { inputPer1k: 0.00003, outputPer1k: 0.00012 },
  "amazon.nova-pro-v1:0": { inputPer1k: 0.0004, outputPer1k: 0.0016 },
  "amazon.nova-premier-v1:0": { inputPer1k: 0.00125, outputPer1k: 0.00625 },
  "meta.llama3-1-8b-instruct-v1:0": { inputPer1k: 0.00011, outputPer1k: 0.00011 },
  "meta.llama3-1-70b-instruct-v1:0": { inputPer1k: 0.00036, outputPer1k: 0.00036 },
  "meta.llama3-3-70b-instruct-v1:0": { inputPer1k: 0.00036, outputPer1k: 0.00036 },
  "meta.llama4-scout-17b-instruct-v1:0": { inputPer1k: 0.000085, outputPer1k: 0.00033 },
  "meta.llama4-maverick-17b-instruct-v1:0": { inputPer1k: 0.00012, outputPer1k: 0.000485 },
};

/** Builds the table once, on the first price asked for (no work at import, nothing kept by tree-shaking). */
function buildPriceTable(): Map<string, PriceRow> {
  const table = new Map<string, PriceRow>([
    ["anthropic.claude-instant-v1", prices(0.0008, 0.0024)],
    ["anthropic.claude-v2", prices(0.008, 0.024)],
    ["anthropic.claude-v2:1", prices(0.008, 0.024)],
    ["anthropic.claude-3-haiku-20240307-v1:0", prices(0.00025, 0.00125)],
    ["anthropic.claude-3-sonnet-20240229-v1:0", prices(0.003, 0.015)],
    ["anthropic.claude-3-opus-20240229-v1:0", prices(0.015, 0.075)],
    ["anthropic.claude-3-5-haiku-20241022-v1:0", prices(0.0008, 0.004, { cacheReadPer1k: 0.00008, cacheWritePer1k: 0.001 })],
    ["anthropic.claude-3-5-sonnet-20240620-v1:0", prices(0.003, 0.015)],
    ["anthropic.claude-3-5-sonnet-20241022-v2:0", prices(0.003, 0.015)],
    ["anthropic.claude-3-7-sonnet-20250219-v1:0", prices(0.003, 0.015, { cacheReadPer1k: 0.0003, cacheWritePer1k: 0.00375 })],
    [
      "anthropic.claude-sonnet-4-20250514-v1:0",
      prices(0.003, 0.015, {
        cacheReadPer1k: 0.0003,
        cacheWritePer1k: 0.00375,
        longContext: { thresholdTokens: 200_000, inputPer1k: 0.006, outputPer1k: 0.0225, cacheReadPer1k: 0.0006, cacheWritePer1k: 0.0075 },
      }),
    ],
    [
      "anthropic.claude-sonnet-4-5-20250929-v1:0",
      prices(0.003, 0.015, {
        cacheReadPer1k: 0.0003,
        cacheWritePer1k: 0.00375,
        profiles: { us: sonnet45Geo, eu: sonnet45Geo, jp: sonnet45Geo, au: sonnet45Geo, "us-gov": { inputPer1k: 0.0036, outputPer1k: 0.018 } },
        longContext: { thresholdTokens: 200_000, inputPer1k: 0.006, outputPer1k: 0.0225, cacheReadPer1k: 0.0006, cacheWritePer1k: 0.0075 },
      }),
    ],
    ["anthropic.claude-opus-4-20250514-v1:0", prices(0.015, 0.075, { cacheReadPer1k: 0.0015, cacheWritePer1k: 0.01875 })],
    ["anthropic.claude-opus-4-1-20250805-v1:0", prices(0.015, 0.075, { cacheReadPer1k: 0.0015, cacheWritePer1k: 0.01875 })],
    [
      "anthropic.claude-haiku-4-5-20251001-v1:0",
      prices(0.001, 0.005, { cacheReadPer1k: 0.0001, cacheWritePer1k: 0.00125, profiles: { us: haiku45Geo, eu: haiku45Geo, apac: haiku45Geo, jp: haiku45Geo, au: haiku45Geo } }),
    ],
    // Opus 4.5 and later, Sonnet 4.6 and 5: models.dev `providers/amazon-bedrock/models/*.toml` [cost]
    // (Opus 4.5/4.6/4.7 rows, jp. Opus 5 / Sonnet 5 rows; read 2026-11-30), the same USD per 1M as
    // Anthropic's own. Geo-profile surcharges were not read: us. is priced as global. ⚠️. The 1M-token
    // models' long-context tier was not read either, so requests above 200K input tokens get no cost.
    ["anthropic.claude-opus-4-5-20251101-v1:0", prices(0.005, 0.025, { cacheReadPer1k: 0.0005, cacheWritePer1k: 0.00625 })],
    ["anthropic.claude-opus-4-6-v1", prices(0.005, 0.025, { cacheReadPer1k: 0.0005, cacheWritePer1k: 0.00625, unpricedAbove: 200_000 })],
    ["anthropic.claude-sonnet-4-6", prices(0.003, 0.015, { cacheReadPer1k: 0.0003, cacheWritePer1k: 0.00375, unpricedAbove: 200_000 })],
    ["anthropic.claude-opus-4-7", prices(0.005, 0.025, { cacheReadPer1k: 0.0005, cacheWritePer1k: 0.00625, unpricedAbove: 200_000 })],
    // Opus 4.8: models.dev `anthropic.claude-opus-4-8.toml` and its profile files, $5 / $25, cache $0.50 / $6.25.
    ["anthropic.claude-opus-4-8", prices(0.005, 0.025, { cacheReadPer1k: 0.0005, cacheWritePer1k: 0.00625, unpricedAbove: 200_000 })],
    ["anthropic.claude-sonnet-5", prices(0.002, 0.01, { cacheReadPer1k: 0.0002, cacheWritePer1k: 0.0025, unpricedAbove: 200_000 })],
    ["anthropic.claude-opus-5", prices(0.005, 0.025, { cacheReadPer1k: 0.0005, cacheWritePer1k: 0.00625, unpricedAbove: 200_000 })],
    ["amazon.titan-text-lite-v1", prices(0.00015, 0.0002)],
    ["amazon.titan-text-express-v1", prices(0.0002, 0.0006)],
    ["amazon.titan-text-premier-v1:0", prices(0.0005, 0.0015)],
    // Nova: cache reads 75 % off input (models.md §2 "Nova notes"); eu./apac. profiles priced per models.md §2.
    // Cache writes: AWS's Nova price rows list no cache-write price (writes cost what input costs) ⚠️.
    [
      "amazon.nova-micro-v1:0",
      prices(0.000035, 0.00014, {
        cacheReadPer1k: 0.00000875,
        cacheWritePer1k: 0.000035,
        profiles: { eu: { inputPer1k: 0.000046, outputPer1k: 0.000184 }, apac: { inputPer1k: 0.000037, outputPer1k: 0.000148 } },
      }),
    ],
    [
      "amazon.nova-lite-v1:0",
      prices(0.00006, 0.00024, {
        cacheReadPer1k: 0.000015,
        cacheWritePer1k: 0.00006,
        profiles: { eu: { inputPer1k: 0.000078, outputPer1k: 0.000312 }, apac: { inputPer1k: 0.000063, outputPer1k: 0.000252 } },
      }),
    ],
    [
      "amazon.nova-pro-v1:0",
      prices(0.0008, 0.0032, {
        cacheReadPer1k: 0.0002,
        cacheWritePer1k: 0.0008,
        profiles: { eu: { inputPer1k: 0.00105, outputPer1k: 0.0042 }, apac: { inputPer1k: 0.00084, outputPer1k: 0.00336 } },
      }),
    ],
    ["amazon.nova-premier-v1:0", prices(0.0025, 0.0125, { cacheReadPer1k: 0.000625, cacheWritePer1k: 0.0025 })],
    // Nova 2 Lite: $0.33 / $2.75 per 1M (models.dev amazon.nova-2-lite-v1:0.toml and Vercel's AI Gateway
    // model page, read 2026-11-30); reasoning tokens are billed as output.
    ["amazon.nova-2-lite-v1:0", prices(0.00033, 0.00275)],
    ["meta.llama2-13b-chat-v1", prices(0.00075, 0.001)],
    ["meta.llama2-70b-chat-v1", prices(0.00195, 0.00256)],
    ["meta.llama3-8b-instruct-v1:0", prices(0.0003, 0.0006)],
    ["meta.llama3-70b-instruct-v1:0", prices(0.00265, 0.0035)],
    ["meta.llama3-1-8b-instruct-v1:0", prices(0.00022, 0.00022)],
    ["meta.llama3-1-70b-instruct-v1:0", prices(0.00072, 0.00072)],
    ["meta.llama3-1-405b-instruct-v1:0", prices(0.0024, 0.0024)],
    ["meta.llama3-2-1b-instruct-v1:0", prices(0.0001, 0.0001, { profiles: { eu: { inputPer1k: 0.00013, outputPer1k: 0.00013 } } })],
    ["meta.llama3-2-3b-instruct-v1:0", prices(0.00015, 0.00015, { profiles: { eu: { inputPer1k: 0.00019, outputPer1k: 0.00019 } } })],
    ["meta.llama3-2-11b-instruct-v1:0", prices(0.00016, 0.00016)],
    ["meta.llama3-2-90b-instruct-v1:0", prices(0.00072, 0.00072)],
    ["meta.llama3-3-70b-instruct-v1:0", prices(0.00072, 0.00072)],
    ["meta.llama4-scout-17b-instruct-v1:0", prices(0.00017, 0.00066)],
    ["meta.llama4-maverick-17b-instruct-v1:0", prices(0.00024, 0.00097)],
    ["cohere.command-text-v14", prices(0.0015, 0.002)],
    ["cohere.command-light-text-v14", prices(0.0003, 0.0006)],
    ["cohere.command-r-v1:0", prices(0.0005, 0.0015)],
    ["cohere.command-r-plus-v1:0", prices(0.003, 0.015)],
    ["ai21.j2-mid-v1", prices(0.0125, 0.0125)],
    ["ai21.j2-ultra-v1", prices(0.0188, 0.0188)],
    ["ai21.jamba-instruct-v1:0", prices(0.0005, 0.0007)],
    ["ai21.jamba-1-5-mini-v1:0", prices(0.0002, 0.0004)],
    ["ai21.jamba-1-5-large-v1:0", prices(0.002, 0.008)],
    ["mistral.mistral-7b-instruct-v0:2", prices(0.00015, 0.0002)],
    ["mistral.mixtral-8x7b-instruct-v0:1", prices(0.00045, 0.0007)],
    ["mistral.mistral-small-2402-v1:0", prices(0.001, 0.003)],
    ["mistral.mistral-large-2402-v1:0", prices(0.004, 0.012)],
    ["mistral.mistral-large-2407-v1:0", prices(0.003, 0.009)],
    // Mistral's current models: anomalyco/models.dev `[cost]` @f3fc692 (2026-07-02, read 2026-11-30); Pixtral also pwshBedrock @851e662.
    ["mistral.pixtral-large-2502-v1:0", prices(0.002, 0.006)],
    ["mistral.mistral-large-3-675b-instruct", prices(0.0005, 0.0015)],
    ["mistral.magistral-small-2509", prices(0.0005, 0.0015)],
    ["mistral.ministral-3-3b-instruct", prices(0.0001, 0.0001)],
    ["mistral.ministral-3-8b-instruct", prices(0.00015, 0.00015)],
    ["mistral.ministral-3-14b-instruct", prices(0.0002, 0.0002)],
    ["mistral.devstral-2-123b", prices(0.0004, 0.002)],
    // Embeddings: input tokens only (models.md §2, §4; Titan V2's 0.00002 is LiteLLM's 2025 correction).
    ["amazon.titan-embed-text-v1", prices(0.0001, 0)],
    ["amazon.titan-embed-text-v2:0", prices(0.00002, 0)],
    ["amazon.titan-embed-image-v1", prices(0.0008, 0)], // plus $0.00006 per image (src/pricing/images.ts)
    ["cohere.embed-english-v3", prices(0.0001, 0)],
    ["cohere.embed-multilingual-v3", prices(0.0001, 0)],
    // Read 2026-11-30: Cohere Embed v4 $0.12 per 1M input tokens (maximhq/bifrost's Bedrock price page for
    // cohere.embed-v4:0); Nova Multimodal Embeddings $0.135 per 1M (LiteLLM's price map @e1d16f5, as bundled
    // in a public price table). Text tokens only: no per-image price was read, so calls with images get no cost.
    ["cohere.embed-v4:0", prices(0.00012, 0)],
    ["amazon.nova-2-multimodal-embeddings-v1:0", prices(0.000135, 0)],
    // TwelveLabs Marengo Embed 2.7 / 3.0 and Pegasus 1.2 stay unpriced (re-checked 2026-11-30): AWS's
    // pricing page renders its numbers client-side (a public harvest of 2026-10-07 found no numeric price
    // in its text), the stored copies of it give none for TwelveLabs, and the per-token and per-image
    // figures of third-party calculators were not traced to AWS. Pegasus bills per second of video.
    // OpenAI gpt-oss, Qwen3, DeepSeek-R1, Writer Palmyra, Kimi K2 Thinking: anomalyco/models.dev
    // `providers/amazon-bedrock/models/*.toml` @f3fc692 (2026-07-02, read 2026-11-30), per 1M → per 1K.
    ["openai.gpt-oss-20b-1:0", prices(0.00007, 0.0003)],
    ["openai.gpt-oss-120b-1:0", prices(0.00015, 0.0006)],
    ["openai.gpt-oss-safeguard-20b", prices(0.00007, 0.0002)],
    ["openai.gpt-oss-safeguard-120b", prices(0.00015, 0.0006)],
    ["qwen.qwen3-32b-v1:0", prices(0.00015, 0.0006)],
    ["qwen.qwen3-235b-a22b-2507-v1:0", prices(0.00022, 0.00088)],
    ["qwen.qwen3-coder-30b-a3b-v1:0", prices(0.00015, 0.0006)],
    ["qwen.qwen3-coder-480b-a35b-v1:0", prices(0.00022, 0.0018)],
    ["qwen.qwen3-next-80b-a3b", prices(0.00014, 0.0014)],
    ["qwen.qwen3-vl-235b-a22b", prices(0.0003, 0.0015)],
    ["deepseek.r1-v1:0", prices(0.00135, 0.0054)],
    // DeepSeek V3.1 $0.58 / $1.68 and V3.2 $0.62 / $1.85 per 1M: models.dev @f3fc692 (read 2026-11-30),
    // the same in LiteLLM-derived public price maps. No AWS price page read ⚠️ (AWS's pricing page renders
    // its numbers client-side); models.dev's AWS-Pricing-API generator (@34b9d11, 2026-04-13, not merged)
    // listed V3.2 at $0.31 / $0.925, the cheapest tier it found, which its header calls the flex tier.
    ["deepseek.v3-v1:0", prices(0.00058, 0.00168)],
    ["deepseek.v3.2", prices(0.00062, 0.00185)],
    ["writer.palmyra-x4-v1:0", prices(0.0025, 0.01)],
    ["writer.palmyra-x5-v1:0", prices(0.0006, 0.006)],
    ["moonshot.kimi-k2-thinking", prices(0.0006, 0.0025)],
    // Gemma 3, Kimi K2.5, MiniMax, Nemotron, GLM: the same models.dev files @f3fc692 (2026-07-02, read
    // 2026-11-30), per 1M → per 1K; no AWS price page read for them ⚠️.
    ["google.gemma-3-4b-it", prices(0.00004, 0.00008)],
    ["google.gemma-3-12b-it", prices(0.00005, 0.0001)],
    ["google.gemma-3-27b-it", prices(0.00012, 0.0002)],
    ["moonshotai.kimi-k2.5", prices(0.0006, 0.003)],
    ["minimax.minimax-m2", prices(0.0003, 0.0012)],
    ["minimax.minimax-m2.1", prices(0.0003, 0.0012)],
    ["minimax.minimax-m2.5", prices(0.0003, 0.0012)],
    ["nvidia.nemotron-super-3-120b", prices(0.00015, 0.00065)],
    ["nvidia.nemotron-nano-12b-v2", prices(0.0002, 0.0006)],
    ["nvidia.nemotron-nano-9b-v2", prices(0.00006, 0.00023)],
    ["nvidia.nemotron-nano-3-30b", prices(0.00006, 0.00024)],
    ["zai.glm-4.7", prices(0.0006, 0.0022)],
    ["zai.glm-4.7-flash", prices(0.00007, 0.0004)],
    ["zai.glm-5", prices(0.001, 0.0032)],
  ]);
  for (const [modelId, batch] of Object.entries(batchPrices)) {
    const row = table.get(modelId);
    if (row) row.batch = batch;
  }
  return table;
}

let priceTable: ReadonlyMap<string, PriceRow> | undefined;

/** The table's prices for a base model ID, or undefined when the table has none. */
export function tablePrices(baseModelId: string): PriceRow | undefined {
  priceTable ??= buildPriceTable();
  return priceTable.get(baseModelId);
}
