/**
 * The token estimator for families without an offline tokenizer: text is split into
 * character classes and each class is counted with the family's coefficients.
 * Method: ../shared/design/tokenizers.md §6.2 (read 2026-11-25). The coefficients were
 * fitted on 2026-11-25 (bench/tokens.ts, grid search) against the exact Llama 3 tokenizer
 * (large vocabulary, the proxy for Claude 3+, Titan, Nova, Cohere and AI21, which have no
 * public tokenizer) and the Llama 2 one (32K vocabulary) on 100 KB each of licence prose,
 * this repository's TypeScript and its Markdown docs; docs/costs.md publishes the errors.
 * They are not fitted to Bedrock's own counts yet. Which set a model uses is declared by its
 * adapter (`tokenizer.estimator`).
 */
import type { EstimatorName } from "./tokenizer.js";

/** How one tokenizer style cuts text. */
export interface EstimatorCoefficients {
  /** Which coefficient set this is, named in `countTokens`' `tokenizer`. */
  name: EstimatorName;
  /** A run of ASCII letters costs one token per this many letters (at least one). */
  lettersPerToken: number;
  /** Digits are cut in groups of at most this many. */
  digitsPerToken: number;
  /** Tokens per ASCII punctuation or symbol character (runs of them often merge). */
  tokensPerSymbol: number;
}

/** The coefficient sets, by name. */
const coefficientSets: Readonly<Record<EstimatorName, EstimatorCoefficients>> = {
  /** Byte-level BPE with a large vocabulary (cl100k-like; fitted against Llama 3's). */
  "large-vocabulary": { name: "large-vocabulary", lettersPerToken: 8, digitsPerToken: 1, tokensPerSymbol: 0.6 },
  /** SentencePiece with a 32K vocabulary (fitted against Llama 2's). */
  "small-vocabulary": { name: "small-vocabulary", lettersPerToken: 7, digitsPerToken: 1, tokensPerSymbol: 1 },
};

/** The coefficients of one estimator. */
export function coefficientsFor(estimator: EstimatorName): EstimatorCoefficients {
  return coefficientSets[estimator];
}

/** Character classes of the estimator. */
const enum CharacterClass {
  Letter,
  Digit,
  Space,
  Newline,
  Ideograph,
  OtherLetter,
  Astral,
  Symbol,
}

function classify(code: number): CharacterClass {
  if ((code >= 97 && code <= 122) || (code >= 65 && code <= 90)) return CharacterClass.Letter;
  if (code >= 48 && code <= 57) return CharacterClass.Digit;
  if (code === 10) return CharacterClass.Newline;
  if (code === 32 || code === 9 || code === 13) return CharacterClass.Space;
  if (code < 128) return CharacterClass.Symbol;
  // Kana, CJK ideographs, Hangul and compatibility ideographs: about one token each.
  if ((code >= 0x3040 && code <= 0x30ff) || (code >= 0x3400 && code <= 0x9fff) || (code >= 0xac00 && code <= 0xd7af) || (code >= 0xf900 && code <= 0xfaff)) {
    return CharacterClass.Ideograph;
  }
  if (code >= 0xd800 && code <= 0xdbff) return CharacterClass.Astral;
  return CharacterClass.OtherLetter;
}

/**
 * Estimated tokens of a text for a tokenizer style: letter runs by length, digit groups,
 * a share of a token per symbol, one a newline run, one an ideograph, one per two other
 * letters, two per emoji or other astral character. Over 100 MB/s on one core (bench/tokens.ts).
 */
export function estimateTextTokens(text: string, coefficients: EstimatorCoefficients): number {
  let tokens = 0;
  let symbols = 0;
  let index = 0;
  const length = text.length;
  while (index < length) {
    const kind = classify(text.charCodeAt(index));
    let end = index + 1;
    switch (kind) {
      case CharacterClass.Letter:
      case CharacterClass.Digit:
      case CharacterClass.OtherLetter:
      case CharacterClass.Newline:
        while (end < length && classify(text.charCodeAt(end)) === kind) end++;
        break;
      case CharacterClass.Astral:
        end = index + 2;
        break;
      default:
        break;
    }
    const run = end - index;
    if (kind === CharacterClass.Letter) tokens += Math.max(1, Math.ceil(run / coefficients.lettersPerToken));
    else if (kind === CharacterClass.Digit) tokens += Math.ceil(run / coefficients.digitsPerToken);
    else if (kind === CharacterClass.OtherLetter) tokens += Math.ceil(run / 2);
    else if (kind === CharacterClass.Astral) tokens += 2;
    else if (kind === CharacterClass.Symbol) symbols += 1;
    else if (kind !== CharacterClass.Space) tokens += 1;
    index = end;
  }
  return tokens + Math.ceil(symbols * coefficients.tokensPerSymbol);
}
