/**
 * The token estimator for families without an offline tokenizer: text is split into
 * character classes and each class is counted with the family's coefficients.
 * Method: ../shared/design/tokenizers.md §6.2 (read 2026-11-25). The coefficients below
 * are set from §6.1's measured ratios (cl100k-like tokenizers ≈ 4.7 chars/token on prose,
 * 1.32 tokens/word; Llama 2 and Mistral v1 ≈ 4.0–4.2 chars/token, 1.5 tokens/word), not
 * yet fitted to Bedrock's own counts; `fm.countTokens` corrects them with the counts
 * Bedrock reports (see calibration in src/tokens/count.ts).
 */

/** How one tokenizer style cuts text. */
export interface EstimatorCoefficients {
  /** A run of ASCII letters costs one token per this many letters (at least one). */
  lettersPerToken: number;
  /** Digits are cut in groups of at most this many. */
  digitsPerToken: number;
}

/** Byte-level BPE with a large vocabulary (cl100k-like): Claude 3+, Titan, Nova, Llama 3/4, Cohere, AI21. */
const largeVocabulary: EstimatorCoefficients = { lettersPerToken: 6, digitsPerToken: 3 };
/** SentencePiece with a 32K vocabulary: Llama 2, Mistral 7B / Mixtral. */
const smallVocabulary: EstimatorCoefficients = { lettersPerToken: 4.5, digitsPerToken: 1 };

const smallVocabularyFamilies = new Set(["meta-llama2", "mistral-prompt", "anthropic-text"]);

/** The coefficients bedrock-kit uses for a family. */
export function coefficientsFor(family: string): EstimatorCoefficients {
  return smallVocabularyFamilies.has(family) ? smallVocabulary : largeVocabulary;
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
 * one token a newline run and a symbol, one an ideograph, one per two other letters, two
 * per emoji or other astral character. About 100 MB/s on one core (bench/tokens.ts).
 */
export function estimateTextTokens(text: string, coefficients: EstimatorCoefficients): number {
  let tokens = 0;
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
    else if (kind !== CharacterClass.Space) tokens += 1;
    index = end;
  }
  return tokens;
}
