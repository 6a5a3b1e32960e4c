/** `embed`, `image` and `rerank`. */
import { writeFile } from "node:fs/promises";
import type { Command } from "commander";
import { optionsOf, UsageError, wholeNumber } from "./input.js";
import { formatUsd, printJson, printTable, type Output } from "./output.js";
import { withSession } from "./session.js";

/** Adds the embedding, image and rerank commands. */
export function addMediaCommands(program: Command, output: Output): void {
  program
    .command("embed")
    .description("embed texts; prints each vector's size and first values (--json: the vectors)")
    .requiredOption("-m, --model <id>", "embedding model ID")
    .option("--dimensions <n>", "vector size, where the model offers several")
    .argument("<text...>", "one or more texts")
    .action(async (texts: string[], _options, command: Command) => {
      const options = optionsOf<{ model: string; dimensions?: string }>(command);
      await withSession(options, async (fm) => {
        const request: Parameters<typeof fm.embed>[0] = { modelId: options.model, texts };
        if (options.dimensions !== undefined) request.dimensions = wholeNumber(options.dimensions, "--dimensions");
        const result = await fm.embed(request);
        if (options.json) return printJson(output, { modelId: result.modelId, embeddings: result.embeddings, usage: result.usage, cost: result.cost });
        result.embeddings.forEach((vector, index) => {
          const head = Array.from(vector.slice(0, 4), (value) => value.toFixed(4)).join(", ");
          output.out(`${index}: ${vector.length} values [${head}, …]\n`);
        });
        output.error(`[${result.usage.inputTokens} tokens, ${formatUsd(result.cost?.totalUsd)}]\n`);
      });
    });

  program
    .command("image")
    .description("generate an image and write it as a PNG")
    .requiredOption("-m, --model <id>", "image model ID")
    .requiredOption("-o, --out <file>", "the PNG file to write")
    .option("--width <n>", "width in pixels", "1024")
    .option("--height <n>", "height in pixels", "1024")
    .option("--seed <n>", "seed, for a repeatable image")
    .argument("<prompt...>", "what to draw")
    .action(async (words: string[], _options, command: Command) => {
      const options = optionsOf<{ model: string; out: string; width: string; height: string; seed?: string }>(command);
      await withSession(options, async (fm) => {
        const request: Parameters<typeof fm.generateImage>[0] = {
          modelId: options.model,
          prompt: words.join(" "),
          width: wholeNumber(options.width, "--width"),
          height: wholeNumber(options.height, "--height"),
        };
        if (options.seed !== undefined) request.seed = wholeNumber(options.seed, "--seed");
        const result = await fm.generateImage(request);
        const image = result.images[0];
        if (!image) throw new UsageError(`${options.model} returned no image`);
        await writeFile(options.out, image);
        if (options.json) return printJson(output, { file: options.out, bytes: image.length, seed: result.seeds[0], cost: result.cost });
        output.out(`${options.out}: ${image.length} bytes, seed ${result.seeds[0] ?? "-"}, ${formatUsd(result.cost?.totalUsd)}\n`);
      });
    });

  program
    .command("rerank")
    .description("order documents by relevance to a query")
    .requiredOption("-m, --model <id>", "rerank model ID, e.g. cohere.rerank-v3-5:0")
    .requiredOption("-q, --query <text>", "the query")
    .option("--top <n>", "only the best N")
    .argument("<document...>", "the documents")
    .action(async (documents: string[], _options, command: Command) => {
      const options = optionsOf<{ model: string; query: string; top?: string }>(command);
      await withSession(options, async (fm) => {
        const request: Parameters<typeof fm.rerank>[0] = { modelId: options.model, query: options.query, documents };
        if (options.top !== undefined) request.topN = wholeNumber(options.top, "--top");
        const result = await fm.rerank(request);
        if (options.json) return printJson(output, result);
        printTable(output, ["SCORE", "INDEX", "DOCUMENT"], result.results.map((entry) => [entry.relevanceScore.toFixed(4), String(entry.index), entry.document]));
        output.error(`[${result.usage.queries} query, ${formatUsd(result.cost?.totalUsd)}]\n`);
      });
    });
}
