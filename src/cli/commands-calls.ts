/** `models`, `invoke`, `stream`, `tokens`, `cost` and `estimate`. */
import type { Command } from "commander";
import { estimateCost, listModels, type InvokeRequest, type InvokeResult } from "../index.js";
import { decimalNumber, optionsOf, textArgument, UsageError, wholeNumber } from "./input.js";
import { formatUsd, printJson, printTable, type Output } from "./output.js";
import { withSession } from "./session.js";

/** Options of `invoke` and `stream`. */
interface CallOptions {
  model: string;
  system?: string | undefined;
  maxTokens?: string | undefined;
  temperature?: string | undefined;
  maxUsd?: string | undefined;
}

/** The request `invoke` and `stream` send. */
function callRequest(options: CallOptions, prompt: string): InvokeRequest {
  const request: InvokeRequest = { modelId: options.model, prompt };
  if (options.system !== undefined) request.system = options.system;
  if (options.maxTokens !== undefined) request.maxTokens = wholeNumber(options.maxTokens, "--max-tokens");
  if (options.temperature !== undefined) request.temperature = decimalNumber(options.temperature, "--temperature");
  if (options.maxUsd !== undefined) request.maxUsd = decimalNumber(options.maxUsd, "--max-usd");
  return request;
}

/** What `--json` prints for a call. */
function resultJson(result: InvokeResult): Record<string, unknown> {
  return {
    modelId: result.modelId,
    text: result.text,
    reasoning: result.reasoning || undefined,
    toolCalls: result.toolCalls.length > 0 ? result.toolCalls : undefined,
    stopReason: result.stopReason,
    usage: result.usage,
    cost: result.cost,
    requestId: result.requestId,
    warnings: result.warnings.length > 0 ? result.warnings : undefined,
  };
}

/** The line under an answer: tokens, cost, warnings. */
function footer(output: Output, result: InvokeResult): void {
  output.error(`\n[${result.modelId}: ${result.usage.inputTokens} in / ${result.usage.outputTokens} out tokens, ${formatUsd(result.cost?.totalUsd)}, ${result.stopReason}]\n`);
  for (const warning of result.warnings) output.error(`[warning: ${warning.message}]\n`);
}

/** Adds the model and call commands. */
export function addCallCommands(program: Command, output: Output): void {
  program
    .command("models")
    .description("list the models bedrock-kit knows, with context window and price")
    .option("--provider <provider>", "only this provider, e.g. anthropic")
    .option("--family <family>", "only this request format, e.g. amazon-nova")
    .action((_options, command: Command) => {
      const options = optionsOf<{ provider?: string; family?: string }>(command);
      const filter: { provider?: string; family?: string } = {};
      if (options.provider) filter.provider = options.provider;
      if (options.family) filter.family = options.family;
      const models = listModels(filter);
      if (options.json) return printJson(output, models);
      const price = (model: (typeof models)[number]): string => {
        const pricing = model.pricing;
        if (!pricing) return "-";
        if ("inputPer1k" in pricing) return `${formatUsd(pricing.inputPer1k)} / ${formatUsd(pricing.outputPer1k)} per 1K`;
        if ("perImage" in pricing) return `${formatUsd(pricing.perImage)} per image`;
        return `${formatUsd(pricing.perQuery)} per query`;
      };
      printTable(
        output,
        ["ID", "PROVIDER", "FAMILY", "CONTEXT", "PRICE (IN / OUT)", "NOTE"],
        models.map((model) => [model.id, model.provider, model.family, model.contextWindow > 0 ? String(model.contextWindow) : "-", price(model), model.deprecated ? `ends ${model.deprecated.endOfLife}` : model.profileRequired ? "profile only" : ""]),
      );
    });

  for (const name of ["invoke", "stream"] as const) {
    program
      .command(name)
      .description(name === "invoke" ? "send a prompt (argument or stdin) and print the answer" : "send a prompt and print the answer as it arrives")
      .requiredOption("-m, --model <id>", "model ID, inference-profile ID or ARN")
      .option("-s, --system <text>", "system text")
      .option("--max-tokens <n>", "most tokens to generate")
      .option("--temperature <t>", "sampling temperature")
      .option("--max-usd <dollars>", "refuse the call, before sending it, if its worst-case cost is more")
      .argument("[prompt...]", "the prompt (default: standard input)")
      .action(async (words: string[], _options, command: Command) => {
        const options = optionsOf<CallOptions>(command);
        const request = callRequest(options, await textArgument(words, "prompt"));
        await withSession(options, async (fm) => {
          if (name === "invoke" || options.json) {
            const result = name === "invoke" ? await fm.invoke(request) : await fm.stream(request).result;
            if (options.json) return printJson(output, resultJson(result));
            output.out(`${result.text}\n`);
            return footer(output, result);
          }
          const stream = fm.stream(request);
          for await (const event of stream) if (event.type === "text") output.out(event.text);
          output.out("\n");
          footer(output, await stream.result);
        });
      });
  }

  program
    .command("tokens")
    .description("count a text's input tokens for a model (exact where a tokenizer exists)")
    .requiredOption("-m, --model <id>", "model ID")
    .argument("[text...]", "the text (default: standard input)")
    .action(async (words: string[], _options, command: Command) => {
      const options = optionsOf<{ model: string }>(command);
      const text = await textArgument(words, "text");
      await withSession(options, async (fm) => {
        const count = await fm.countTokens(options.model, text);
        if (options.json) return printJson(output, count);
        output.out(`${count.tokens} tokens (${count.exact ? "exact" : "estimated"}, ${count.tokenizer})\n`);
      });
    });

  program
    .command("cost")
    .description("the price of a number of input and output tokens")
    .requiredOption("-m, --model <id>", "model ID")
    .requiredOption("--input <n>", "input tokens")
    .option("--output <n>", "output tokens", "0")
    .action((_options, command: Command) => {
      const options = optionsOf<{ model: string; input: string; output: string }>(command);
      const cost = estimateCost({ modelId: options.model, inputTokens: wholeNumber(options.input, "--input"), outputTokens: wholeNumber(options.output, "--output") });
      if (!cost) throw new UsageError(`bedrock-kit has no price for ${options.model}; pass prices with createClient({ pricing }) in code`);
      if (options.json) return printJson(output, cost);
      output.out(`${formatUsd(cost.totalUsd)} (input ${formatUsd(cost.inputUsd)}, output ${formatUsd(cost.outputUsd)})\n`);
    });

  program
    .command("estimate")
    .description("before a call: tokens, worst-case cost, whether it fits the context window")
    .requiredOption("-m, --model <id>", "model ID")
    .option("--max-tokens <n>", "output allowance")
    .argument("[prompt...]", "the prompt (default: standard input)")
    .action(async (words: string[], _options, command: Command) => {
      const options = optionsOf<CallOptions>(command);
      const request = callRequest(options, await textArgument(words, "prompt"));
      await withSession(options, async (fm) => {
        const estimate = await fm.estimate(request);
        if (options.json) return printJson(output, estimate);
        output.out(`${estimate.inputTokens} input tokens (worst case ${estimate.worstCaseInputTokens}), up to ${estimate.maxOutputTokens} output\n`);
        output.out(`expected ${formatUsd(estimate.cost?.totalUsd)}, worst case ${formatUsd(estimate.worstCaseCost?.totalUsd)}; ${estimate.fitsContextWindow ? "fits" : "does NOT fit"} the ${estimate.contextWindow}-token window\n`);
      });
    });
}
