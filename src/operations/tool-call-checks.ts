/**
 * Every tool call of an answer checked against its tool's schema: a Standard Schema's
 * output replaces the input, a call that does not fit gets `invalidInput` (the problems,
 * never the input's values). Synchronous unless a validator answers with a promise.
 */
import { toolInputChecker, type ToolInputCheck, type ToolInputChecker } from "../schema/tool-input.js";
import type { ContentPart, ToolCall, ToolDefinition } from "../types.js";

/** The checkers of a request's tools, by name. */
export type ToolChecks = ReadonlyMap<string, ToolInputChecker>;

/** The checkers of validated tools, or undefined for a request without tools. */
export function toolChecksOf(tools: readonly ToolDefinition[] | undefined): ToolChecks | undefined {
  if (!tools || tools.length === 0) return undefined;
  return new Map(tools.map((tool) => [tool.name, toolInputChecker(tool.inputSchema)]));
}

function applyCheck(call: ToolCall, check: ToolInputCheck<unknown>): void {
  if (check.ok) call.input = check.value;
  else call.invalidInput = check.problems;
}

function validatorThrew(call: ToolCall, error: unknown): void {
  // The validator's message may quote the input: only its kind is kept.
  call.invalidInput = [`the validator of ${call.name} threw ${error instanceof Error ? error.name : "a non-error value"}`];
}

/** Checks one call in place; a promise only when its validator answered with one. */
export function checkToolCall(call: ToolCall, checks: ToolChecks): Promise<void> | undefined {
  const checker = checks.get(call.name);
  if (!checker) {
    call.invalidInput = [`${call.name} is not one of the request's tools (${[...checks.keys()].join(", ")})`];
    return undefined;
  }
  let check: ToolInputCheck<unknown> | Promise<ToolInputCheck<unknown>>;
  try {
    check = checker(call.input);
  } catch (error) {
    validatorThrew(call, error);
    return undefined;
  }
  if (!(check instanceof Promise)) {
    applyCheck(call, check);
    return undefined;
  }
  return check.then(
    (settled) => applyCheck(call, settled),
    (error: unknown) => validatorThrew(call, error),
  );
}

/** Checks the tool-call parts of an answer in place; a promise only when a validator answered with one. */
export function checkToolParts(content: ContentPart[], checks: ToolChecks | undefined): Promise<unknown> | undefined {
  if (!checks) return undefined;
  let pending: Promise<void>[] | undefined;
  for (const part of content) {
    if (part.type !== "tool-call") continue;
    const check = checkToolCall(part, checks);
    if (check) (pending ??= []).push(check);
  }
  return pending && Promise.all(pending);
}
