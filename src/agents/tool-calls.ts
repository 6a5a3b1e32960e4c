/**
 * Runs one step's tool calls: checks each input, runs the tools that have `execute`
 * concurrently (each within its time limit), and sets aside the calls the caller must
 * answer. Nothing a tool does can crash the run: every failure is an error result.
 * @module
 */
import { parseToolInput, type ToolCall, type ToolInputCheck } from "../index.js";
import type { AgentToolResult, PendingToolCall } from "./run.js";
import type { AgentTool, ToolContext } from "./tool.js";

/** What the calls of a step need from the run. */
export interface ToolCallSettings {
  tools: ReadonlyMap<string, AgentTool>;
  toolTimeoutMs: number;
  /** Calls the run may still make before its `maxToolCalls` is reached. */
  callsLeft: number;
  context: Omit<ToolContext, "toolCallId" | "signal">;
  signal: AbortSignal | undefined;
  onResult: (result: AgentToolResult) => void;
}

/** The answers of a step's calls: one result per answered call ID, and the calls the caller answers. */
export interface ToolCallOutcome {
  /** Results by call ID: every call but the pending ones. */
  results: Map<string, AgentToolResult>;
  /** Calls to tools without `execute`, in the model's order. */
  pending: PendingToolCall[];
  /** How many calls counted against `maxToolCalls`. */
  counted: number;
}

/** Models send `""` or nothing for a tool without arguments (Claude on Bedrock does): that is `{}`. */
function normalInput(input: unknown): unknown {
  return input === undefined || input === null || input === "" ? {} : input;
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function errorResult(toolCallId: string, content: string): AgentToolResult {
  return { toolCallId, content, isError: true };
}

function checkInput(tool: AgentTool, input: unknown): ToolInputCheck<unknown> | Promise<ToolInputCheck<unknown>> {
  return tool.parseInput ? tool.parseInput(input) : parseToolInput(tool, input);
}

/** Runs `execute` until it settles, the tool's time is up, or the run is aborted. */
async function execute(tool: AgentTool & Required<Pick<AgentTool, "execute">>, call: ToolCall, input: unknown, settings: ToolCallSettings): Promise<AgentToolResult> {
  const timeoutMs = tool.timeoutMs ?? settings.toolTimeoutMs;
  if (settings.signal?.aborted) return errorResult(call.id, `The tool ${tool.name} was not run: the run was aborted.`);
  const controller = new AbortController();
  const onAbort = (): void => controller.abort(settings.signal?.reason);
  settings.signal?.addEventListener("abort", onAbort, { once: true });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stopped = new Promise<AgentToolResult>((resolve) => {
    timer = setTimeout(() => {
      resolve(errorResult(call.id, `The tool ${tool.name} did not answer within ${timeoutMs} ms.`));
      controller.abort(new Error(`tool ${tool.name} timed out`));
    }, timeoutMs);
    controller.signal.addEventListener("abort", () => resolve(errorResult(call.id, `The tool ${tool.name} was stopped: the run was aborted.`)), { once: true });
  });
  try {
    const running = (async (): Promise<AgentToolResult> => {
      const output = await tool.execute(input, { ...settings.context, toolCallId: call.id, signal: controller.signal });
      return { toolCallId: call.id, content: typeof output === "string" ? output : (JSON.stringify(output) ?? "null") };
    })().catch((error: unknown) => errorResult(call.id, `The tool ${tool.name} failed: ${describe(error)}`));
    return await Promise.race([running, stopped]);
  } finally {
    clearTimeout(timer);
    settings.signal?.removeEventListener("abort", onAbort);
  }
}

/** The result of one call, or the call as pending when its tool has no `execute`. */
async function answer(call: ToolCall, settings: ToolCallSettings, allowed: boolean): Promise<AgentToolResult | PendingToolCall> {
  const tool = settings.tools.get(call.name);
  if (!tool) {
    return errorResult(call.id, `There is no tool named ${JSON.stringify(call.name)}. The tools are: ${[...settings.tools.keys()].join(", ")}.`);
  }
  if (!allowed) return errorResult(call.id, `Not run: this run reached its limit of tool calls (maxToolCalls). Answer with what you have.`);
  const input = normalInput(call.input);
  let check: ToolInputCheck<unknown>;
  try {
    check = await checkInput(tool, input);
  } catch (error) {
    return errorResult(call.id, `The input of ${tool.name} could not be checked: ${describe(error)}`);
  }
  if (!check.ok) return errorResult(call.id, `Invalid input for ${tool.name}: ${check.problems.join("; ")}. Call it again with input that fits its schema.`);
  if (!tool.execute) return { toolCallId: call.id, name: call.name, input: check.value };
  return execute(tool as AgentTool & Required<Pick<AgentTool, "execute">>, call, check.value, settings);
}

/**
 * Answers a step's calls: one outcome per distinct call ID (a repeated ID is answered
 * once), tools run concurrently; `onResult` sees each result as it arrives.
 */
export async function answerToolCalls(calls: readonly ToolCall[], settings: ToolCallSettings): Promise<ToolCallOutcome> {
  const seen = new Set<string>();
  const distinct = calls.filter((call) => !seen.has(call.id) && seen.add(call.id));
  let callsLeft = settings.callsLeft;
  const allowed = distinct.map((call) => settings.tools.has(call.name) && callsLeft-- > 0);
  const outcomes = await Promise.all(
    distinct.map(async (call, index) => {
      const outcome = await answer(call, settings, allowed[index] ?? false);
      if ("content" in outcome) settings.onResult(outcome);
      return outcome;
    }),
  );
  const results = new Map<string, AgentToolResult>();
  const pending: PendingToolCall[] = [];
  for (const outcome of outcomes) {
    if ("content" in outcome) results.set(outcome.toolCallId, outcome);
    else pending.push(outcome);
  }
  return { results, pending, counted: allowed.filter(Boolean).length };
}
