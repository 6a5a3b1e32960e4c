/**
 * Exact offline tokenizers, where a public one ships on npm (../shared/design/tokenizers.md
 * §1, read 2026-11-25): Anthropic's legacy vocabulary (`@anthropic-ai/tokenizer`), Llama 2's
 * (`llama-tokenizer-js`), Llama 3's (`llama3-tokenizer-js`) and Mistral's v1
 * (`mistral-tokenizer-js`). Adapters and catalog rows name the one a model uses. They are
 * optional peer dependencies: loaded on first use, and when one is not installed
 * `countTokens` falls back to the estimator.
 */
import type { ExactTokenizerId } from "./tokenizer.js";

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
const specialTokenText = /<\|[a-z_]+\|>|<\/?s>/g;

/** Counts a prompt whose special tokens appear as text: one each, the text between them encoded plainly. */
function withSpecialTokens(text: string, encode: (plain: string) => number): number {
  let count = 0;
  let last = 0;
  for (const match of text.matchAll(specialTokenText)) {
    if (match.index > last) count += encode(text.slice(last, match.index));
    count += 1;
    last = match.index + match[0].length;
  }
  if (last < text.length) count += encode(text.slice(last));
  return count;
}

const loaders: Readonly<Record<ExactTokenizerId, Loader>> = {
  "claude-legacy": async () => {
    const module = (await importOptional("@anthropic-ai/tokenizer")) as unknown as { getTokenizer(): { encode(text: string, allowed: "all"): { length: number } } };
    const tokenizer = module.getTokenizer();
    return { name: "@anthropic-ai/tokenizer", count: (text) => tokenizer.encode(text.normalize("NFKC"), "all").length };
  },
  llama2: async () => {
    const tokenizer = (await importOptional("llama-tokenizer-js")).default as { encode(text: string, bos?: boolean, precedingSpace?: boolean): number[] };
    return { name: "llama-tokenizer-js", count: (text) => withSpecialTokens(text, (plain) => tokenizer.encode(plain, false, false).length) };
  },
  llama3: async () => {
    const tokenizer = (await importOptional("llama3-tokenizer-js")).default as { encode(text: string, options: { bos: boolean; eos: boolean }): number[] };
    return { name: "llama3-tokenizer-js", count: (text) => withSpecialTokens(text, (plain) => tokenizer.encode(plain, { bos: false, eos: false }).length) };
  },
  "mistral-v1": async () => {
    const tokenizer = (await importOptional("mistral-tokenizer-js")).default as { encode(text: string, bos?: boolean, precedingSpace?: boolean): number[] };
    return { name: "mistral-tokenizer-js", count: (text) => withSpecialTokens(text, (plain) => tokenizer.encode(plain, false, false).length) };
  },
};

const loaded = new Map<ExactTokenizerId, Promise<ExactTokenizer | undefined>>();

/** The named exact tokenizer, or undefined when none is named or its package is not installed. */
export function exactTokenizer(id: ExactTokenizerId | undefined): Promise<ExactTokenizer | undefined> {
  if (id === undefined) return Promise.resolve(undefined);
  let tokenizer = loaded.get(id);
  if (!tokenizer) {
    tokenizer = loaders[id]().catch(() => undefined);
    loaded.set(id, tokenizer);
  }
  return tokenizer;
}
