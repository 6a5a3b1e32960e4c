/** `agent run CONFIG INPUT`: an agent from a JSON configuration (tools that return control, OpenAPI tools), run once. */
import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import type { Command } from "commander";
import { createAgent, fileSessionStore, openApiTools, parseOpenApiDocument, type AgentTool } from "../agents/index.js";
import { isRecordLike, optionsOf, textArgument, UsageError } from "./input.js";
import { formatUsd, printJson, type Output } from "./output.js";
import { withSession } from "./session.js";

/** The configuration file of `agent run` (docs/cli.md). */
interface AgentConfig {
  modelId: string;
  instruction?: string | undefined;
  maxSteps?: number | undefined;
  maxUsd?: number | undefined;
  /** Tools without code: the run returns control when the model calls one. */
  tools?: { name: string; description?: string; inputSchema: Record<string, unknown> }[] | undefined;
  /** An OpenAPI 3 document (a path next to the configuration) whose allowed operations become tools. */
  openApi?: { document: string; baseUrl?: string; allow: string[] } | undefined;
}

/** Reads and checks the configuration, naming the field that is wrong. */
async function readConfig(path: string): Promise<AgentConfig> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, "utf8"));
  } catch (error) {
    throw new UsageError(`${path} cannot be read as JSON (${(error as NodeJS.ErrnoException).code ?? "invalid JSON"})`);
  }
  if (!isRecordLike(parsed) || typeof parsed.modelId !== "string") throw new UsageError(`${path}: expected an object with a "modelId"`);
  return parsed as unknown as AgentConfig;
}

/** The agent's tools: the configuration's return-of-control tools and its OpenAPI operations. */
async function toolsOf(config: AgentConfig, configPath: string): Promise<AgentTool[]> {
  const tools: AgentTool[] = [...(config.tools ?? [])];
  if (config.openApi) {
    const documentPath = resolve(dirname(configPath), config.openApi.document);
    const document = await parseOpenApiDocument(await readFile(documentPath, "utf8"));
    tools.push(...openApiTools(document, { allow: config.openApi.allow, ...(config.openApi.baseUrl ? { baseUrl: config.openApi.baseUrl } : {}) }));
  }
  return tools;
}

/** Adds the agent commands. */
export function addAgentCommands(program: Command, output: Output): void {
  const agent = program.command("agent").description("agents: a tool-calling loop with per-step cost");
  agent
    .command("run")
    .description("run an agent from a JSON configuration on one input; prints each step, the answer and the cost")
    .argument("<config>", 'JSON: { "modelId", "instruction"?, "maxSteps"?, "maxUsd"?, "tools"?, "openApi"?: { "document", "baseUrl"?, "allow" } }')
    .argument("[input...]", "the user's message (default: standard input)")
    .option("--session <id>", "a session ID, to continue a conversation")
    .option("--session-dir <dir>", "keep sessions in this folder, to continue a conversation with --session (default: in memory)")
    .action(async (configPath: string, words: string[], _options, command: Command) => {
      const options = optionsOf<{ session?: string; sessionDir?: string }>(command);
      const config = await readConfig(configPath);
      const input = await textArgument(words, "input");
      const tools = await toolsOf(config, configPath);
      await withSession(options, async (fm) => {
        const runner = createAgent({
          client: fm,
          modelId: config.modelId,
          tools,
          ...(config.instruction === undefined ? {} : { instruction: config.instruction }),
          ...(config.maxSteps === undefined ? {} : { maxSteps: config.maxSteps }),
          ...(config.maxUsd === undefined ? {} : { maxUsd: config.maxUsd }),
          ...(options.sessionDir ? { sessionStore: fileSessionStore(options.sessionDir) } : {}),
        });
        const run = await runner.invoke({ input, ...(options.session ? { sessionId: options.session } : {}) });
        if (options.json) {
          printJson(output, { status: run.status, text: run.text, steps: run.steps, usage: run.usage, cost: run.cost, invocationId: run.invocationId, pendingToolCalls: run.pendingToolCalls, error: run.error && { code: run.error.code, message: run.error.message } });
        } else {
          for (const step of run.steps) {
            const calls = step.toolCalls.map((call) => call.name).join(", ") || "answer";
            output.error(`step ${step.index}: ${calls} · ${step.usage.inputTokens} in / ${step.usage.outputTokens} out · ${formatUsd(step.cost?.totalUsd)}\n`);
          }
          if (run.text) output.out(`${run.text}\n`);
          if (run.status === "awaiting-tool-results") {
            output.out(`awaiting results for ${run.pendingToolCalls.map((call) => `${call.name}(${JSON.stringify(call.input)}) [${call.toolCallId}]`).join(", ")}; invocation ${run.invocationId}\n`);
          }
          output.error(`[${run.status}: ${run.steps.length} step(s), ${formatUsd(run.cost?.totalUsd)}]\n`);
        }
        if (run.status === "failed" && run.error) throw run.error;
      });
    });
}
