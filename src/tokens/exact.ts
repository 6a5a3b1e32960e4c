/**
 * Exact offline tokenizers, where a public one ships on npm (../shared/design/tokenizers.md
 * §1, read 2026-11-25): Claude Instant / 2 / 2.1 (`@anthropic-ai/tokenizer`), Llama 2
 * (`llama-tokenizer-js`), Llama 3.x (`llama3-tokenizer-js`), Mistral 7B and Mixtral
 * (`mistral-tokenizer-js`). They are optional peer dependencies: loaded on first use, and
 * when one is not installed `countTokens` falls back to the estimator.
 */

/** A loaded tokenizer. */
export interface ExactTokenizer {
  /** e.g. `llama3-tokenizer-js`. */
  name: string;
  count(text: string): number;
}

type Loader = () => Promise<ExactTokenizer>;

/**
 * Imports an optional package by a name held in a variable, so that neither TypeScript nor
 * a user's bundler insists on it being installed.
 */
async function importOptional(name: string): Promise<Record<string, unknown>> {
  return (await import(name)) as Record<string, unknown>;
}

/** Special tokens written as text in a rendered prompt; each is one token. */
const llamaSpecial = /<\|[a-z_]+\|>|<\/?s>/g;

/** Counts a prompt whose special tokens appear as text: one each, the text between them encoded plainly. */
function withSpecialTokens(text: string, encode: (plain: string) => number): number {
  let count = 0;
  let last = 0;
  for (const match of text.matchAll(llamaSpecial)) {
    if (match.index > last) count += encode(text.slice(last, match.index));
    count += 1;
    last = match.index + match[0].length;
  }
  if (last < text.length) count += encode(text.slice(last));
  return count;
}

const loaders: Record<string, Loader> = {
  "anthropic-text": async () => {
    const module = (await importOptional("@anthropic-ai/tokenizer")) as unknown as { getTokenizer(): { encode(text: string, allowed: "all"): { length: number } } };
    const tokenizer = module.getTokenizer();
    return { name: "@anthropic-ai/tokenizer", count: (text) => tokenizer.encode(text.normalize("NFKC"), "all").length };
  },
  "meta-llama2": async () => {
    const tokenizer = (await importOptional("llama-tokenizer-js")).default as { encode(text: string, bos?: boolean, precedingSpace?: boolean): number[] };
    return { name: "llama-tokenizer-js", count: (text) => withSpecialTokens(text, (plain) => tokenizer.encode(plain, false, false).length) };
  },
  "meta-llama3": async () => {
    const tokenizer = (await importOptional("llama3-tokenizer-js")).default as { encode(text: string, options: { bos: boolean; eos: boolean }): number[] };
    return { name: "llama3-tokenizer-js", count: (text) => withSpecialTokens(text, (plain) => tokenizer.encode(plain, { bos: false, eos: false }).length) };
  },
  "mistral-prompt": async () => {
    const tokenizer = (await importOptional("mistral-tokenizer-js")).default as { encode(text: string, bos?: boolean, precedingSpace?: boolean): number[] };
    return { name: "mistral-tokenizer-js", count: (text) => withSpecialTokens(text, (plain) => tokenizer.encode(plain, false, false).length) };
  },
};

/** Models of the mistral-prompt family whose tokenizer is Mistral's v1 (the package's vocabulary). */
const mistralV1 = /^mistral\.(mistral-7b|mixtral-8x7b)/;

const loaded = new Map<string, Promise<ExactTokenizer | undefined>>();

/** The exact tokenizer for a model, or undefined when none exists or its package is not installed. */
export function exactTokenizer(family: string, baseModelId: string): Promise<ExactTokenizer | undefined> {
  const loader = loaders[family];
  if (!loader || (family === "mistral-prompt" && !mistralV1.test(baseModelId))) return Promise.resolve(undefined);
  let tokenizer = loaded.get(family);
  if (!tokenizer) {
    tokenizer = loader().catch(() => undefined);
    loaded.set(family, tokenizer);
  }
  return tokenizer;
}
