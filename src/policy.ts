/** The `allowModels` policy: glob patterns over model IDs, checked before any request. */

function globToRegExp(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${escaped}$`);
}

/** A compiled `allowModels` list; `undefined` patterns allow every model. */
export interface ModelPolicy {
  /** True when the requested ID or its base model ID matches a pattern. */
  allows(requestedId: string, baseModelId: string | undefined): boolean;
}

/** Compiles glob patterns (`*` any run of characters, `?` one character). */
export function createModelPolicy(patterns: readonly string[] | undefined): ModelPolicy {
  if (patterns === undefined) return { allows: () => true };
  const expressions = patterns.map(globToRegExp);
  return {
    allows(requestedId, baseModelId) {
      return expressions.some(
        (expression) => expression.test(requestedId) || (baseModelId !== undefined && expression.test(baseModelId)),
      );
    },
  };
}
