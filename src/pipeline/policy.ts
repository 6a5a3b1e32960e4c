/**
 * The model policy: `allowModels` and `denyModels`, glob patterns over model IDs, for every
 * operation or per operation, checked before any request. A pattern matches the requested
 * ID or the foundation model behind it (an inference-profile ID or ARN is judged by its
 * model), so `us.anthropic.…` cannot slip past a rule written for `anthropic.*`.
 */
import { ModelNotAllowedError } from "../errors.js";

/** The operations a policy can name. `image` is `generateImage`; `batch` is `fm.batch.submit`, `customization` is `fm.customization.submit` (judged by its base model). */
export type PolicyOperation = "invoke" | "stream" | "embed" | "image" | "rerank" | "countTokens" | "estimate" | "batch" | "customization";

/** Patterns for every operation, or per operation (an operation without an entry has no rule of this kind). */
export type ModelPatterns = readonly string[] | Partial<Record<PolicyOperation, readonly string[]>>;

/** Every operation name a per-operation policy may use. */
export const policyOperations: readonly PolicyOperation[] = ["invoke", "stream", "embed", "image", "rerank", "countTokens", "estimate", "batch", "customization"];

function globToRegExp(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${escaped}$`);
}

/** A compiled model policy. */
export interface ModelPolicy {
  /**
   * Returns when the model may be called by `operation`; otherwise throws
   * `ModelNotAllowedError` naming the model, the operation and the rule that refuses it (the
   * option and the pattern, or the list it is missing from).
   */
  enforce(operation: PolicyOperation, requestedId: string, baseModelId: string | undefined): void;
}

interface CompiledList {
  patterns: readonly string[];
  expressions: RegExp[];
}

function compile(patterns: ModelPatterns | undefined): (operation: PolicyOperation) => CompiledList | undefined {
  if (patterns === undefined) return () => undefined;
  const lists = new Map<PolicyOperation, CompiledList>();
  const every = Array.isArray(patterns) ? { patterns, expressions: (patterns as readonly string[]).map(globToRegExp) } : undefined;
  if (!every) {
    for (const [operation, list] of Object.entries(patterns) as [PolicyOperation, readonly string[]][]) {
      lists.set(operation, { patterns: list, expressions: list.map(globToRegExp) });
    }
  }
  return (operation) => every ?? lists.get(operation);
}

/** The first pattern of `list` the model matches, if any. */
function firstMatch(list: CompiledList, requestedId: string, baseModelId: string | undefined): string | undefined {
  const index = list.expressions.findIndex((expression) => expression.test(requestedId) || (baseModelId !== undefined && expression.test(baseModelId)));
  return index === -1 ? undefined : list.patterns[index];
}

/** Compiles `allowModels` and `denyModels` (`*` any run of characters, `?` one character). */
export function createModelPolicy(allowModels: ModelPatterns | undefined, denyModels: ModelPatterns | undefined): ModelPolicy {
  const allowed = compile(allowModels);
  const denied = compile(denyModels);
  /** Undefined when the model may be called by `operation`; otherwise the rule that refuses it. */
  const refusal = (operation: PolicyOperation, requestedId: string, baseModelId: string | undefined): string | undefined => {
    const allowList = allowed(operation);
    if (allowList && firstMatch(allowList, requestedId, baseModelId) === undefined) {
      return `it matches none of allowModels${Array.isArray(allowModels) ? "" : `.${operation}`}: ${allowList.patterns.map((pattern) => JSON.stringify(pattern)).join(", ") || "(empty)"}`;
    }
    const denyList = denied(operation);
    // An ARN whose model bedrock-kit cannot see could be any model: a deny list cannot vouch for it.
    if (denyList && baseModelId === undefined && requestedId.startsWith("arn:") && firstMatch(denyList, requestedId, undefined) === undefined) {
      return "denyModels cannot tell which model this ARN routes to; register it with registerModel({ id, family, baseModelId })";
    }
    const denying = denyList && firstMatch(denyList, requestedId, baseModelId);
    if (denying !== undefined) return `denyModels${Array.isArray(denyModels) ? "" : `.${operation}`} has ${JSON.stringify(denying)}`;
    return undefined;
  };
  return {
    enforce(operation, requestedId, baseModelId) {
      const rule = refusal(operation, requestedId, baseModelId);
      if (rule === undefined) return;
      const named = operation === "image" ? "generateImage" : operation;
      throw new ModelNotAllowedError(`${requestedId} is not allowed for ${named} by this client's policy (${rule})`, { modelId: requestedId, operation: named, rule });
    },
  };
}
