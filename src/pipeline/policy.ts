/** The model policy: `allowModels` glob patterns, checked before any request of any operation. */

function globToRegExp(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${escaped}$`);
}

/** A compiled model policy. */
export interface ModelPolicy {
  /**
   * Undefined when the model may be called; otherwise the rule that refuses it. The
   * requested ID and its base model (behind a profile ID or ARN) are both matched.
   */
  refusal(requestedId: string, baseModelId: string | undefined): string | undefined;
}

/** Compiles `allowModels` (`*` any run of characters, `?` one character); undefined allows every model. */
export function createModelPolicy(allowModels: readonly string[] | undefined): ModelPolicy {
  if (allowModels === undefined) return { refusal: () => undefined };
  const expressions = allowModels.map(globToRegExp);
  const rule = `allowModels: ${allowModels.map((pattern) => JSON.stringify(pattern)).join(", ") || "none"}`;
  return {
    refusal(requestedId, baseModelId) {
      const allowed = expressions.some((expression) => expression.test(requestedId) || (baseModelId !== undefined && expression.test(baseModelId)));
      return allowed ? undefined : `it matches none of ${rule}`;
    },
  };
}
