/**
 * Token counting speed and the estimator's error, offline.
 *   npx tsx bench/tokens.ts
 * Text: the licence texts of Debian's /usr/share/common-licenses (English prose), repeated
 * to 1 MB, plus this repository's TypeScript sources (code) and docs (Markdown). For each
 * exact tokenizer: load time, tokens/s on 200 KB through bedrock-kit and the library's own
 * speed on the same text; for the estimator: MB/s on 1 MB and its error against each exact
 * tokenizer on 100 KB of each kind of text. Medians of 5 runs.
 */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { exactTokenizer } from "../src/tokens/exact.js";
import { coefficientsFor, estimateTextTokens } from "../src/tokens/estimator.js";
import type { EstimatorName, ExactTokenizerId } from "../src/tokens/tokenizer.js";

function median(values: number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function readAll(directory: string, pattern: RegExp): string {
  let text = "";
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) text += readAll(path, pattern);
    else if (pattern.test(entry.name)) text += readFileSync(path, "utf8");
  }
  return text;
}

const licences = ["GPL-3", "GFDL-1.3", "LGPL-2.1", "GPL-2", "Apache-2.0"].map((name) => readFileSync(`/usr/share/common-licenses/${name}`, "utf8")).join("\n");
const prose = licences.repeat(Math.ceil(1_000_000 / licences.length)).slice(0, 1_000_000);
// The pure-JS SentencePiece ports run at ~25K tokens/s, so tokenizer speed is timed on 200 KB.
const speedText = prose.slice(0, 200_000);
const code = readAll(new URL("../src", import.meta.url).pathname, /\.ts$/);
const markdown = readAll(new URL("../docs", import.meta.url).pathname, /\.md$/);
const samples = { prose: licences.slice(0, 100_000), code: code.slice(0, 100_000), markdown: markdown.slice(0, 100_000) };

// The libraries called directly, for the "× library" column (bedrock-kit's wrapper over the same text).
const direct: Record<ExactTokenizerId, () => Promise<(text: string) => number>> = {
  "claude-legacy": async () => {
    const tokenizer = (await import("@anthropic-ai/tokenizer")).getTokenizer();
    return (text) => tokenizer.encode(text.normalize("NFKC"), "all").length;
  },
  llama2: async () => {
    const tokenizer = (await import("llama-tokenizer-js")).default;
    return (text) => tokenizer.encode(text, false, false).length;
  },
  llama3: async () => {
    const tokenizer = (await import("llama3-tokenizer-js")).default;
    return (text) => tokenizer.encode(text, { bos: false, eos: false }).length;
  },
  "mistral-v1": async () => {
    const tokenizer = ((await import("mistral-tokenizer-js" as string)) as { default: { encode(text: string, bos: boolean, space: boolean): number[] } }).default;
    return (text) => tokenizer.encode(text, false, false).length;
  },
};

function timeMedian(run: () => void): number {
  const times: number[] = [];
  for (let index = 0; index < 5; index++) {
    const start = performance.now();
    run();
    times.push(performance.now() - start);
  }
  return median(times);
}

/** Each exact tokenizer with the estimator its families declare (src/adapters/*.ts `tokenizer`). */
const tokenizers: [exact: ExactTokenizerId, estimator: EstimatorName][] = [
  ["claude-legacy", "large-vocabulary"],
  ["llama2", "small-vocabulary"],
  ["llama3", "large-vocabulary"],
  ["mistral-v1", "small-vocabulary"],
];

console.log("| tokenizer | load (ms) | tokens/s on 200 KB prose | × library alone | estimator error: prose | code | Markdown |");
console.log("|---|---:|---:|---:|---:|---:|---:|");
for (const [exact, estimator] of tokenizers) {
  const started = performance.now();
  const tokenizer = await exactTokenizer(exact);
  const loadMs = performance.now() - started;
  if (!tokenizer) {
    console.log(`| ${exact} | not installed | | | |`);
    continue;
  }
  const library = await direct[exact]();
  tokenizer.count(speedText);
  library(speedText);
  let tokens = 0;
  const wrapped = timeMedian(() => {
    tokens = tokenizer.count(speedText);
  });
  const alone = timeMedian(() => library(speedText));
  const coefficients = coefficientsFor(estimator);
  const errors = Object.values(samples).map((sample) => {
    const exact = tokenizer.count(sample);
    return `${(((estimateTextTokens(sample, coefficients) - exact) / exact) * 100).toFixed(1)} %`;
  });
  console.log(`| ${tokenizer.name} | ${loadMs.toFixed(0)} | ${Math.round(tokens / (wrapped / 1000)).toLocaleString("en")} | ${(alone / wrapped).toFixed(2)} | ${errors.join(" | ")} |`);
}

const estimator = timeMedian(() => estimateTextTokens(prose, coefficientsFor("large-vocabulary")));
console.log(`\nestimator: ${(prose.length / 1e6 / (estimator / 1000)).toFixed(0)} MB/s on 1 MB of prose (median of 5)`);
