/**
 * Calibration that improves with use: every response carries Bedrock's own input-token
 * count, so the client learns, per model, how its estimates compare and corrects later
 * estimates by that ratio (bounded, and explained in `countTokens`' answer).
 */
import type { Calibration } from "./count.js";

/** Older calls weigh less: each new observation keeps this share of the history. */
const decay = 0.9;
const lowest = 0.5;
const highest = 2;
/** Models remembered at most (the oldest is forgotten first), so memory stays bounded. */
const maximumModels = 500;

interface Sums {
  estimated: number;
  reported: number;
  observations: number;
}

/** Per-model estimate corrections learned from reported usage. */
export class Calibrator {
  readonly #byModel = new Map<string, Sums>();

  /** Learns from one call: the estimator's count and the input tokens Bedrock billed. */
  observe(baseModelId: string, estimated: number, reported: number): void {
    if (!(estimated > 0) || !(reported > 0)) return;
    let sums = this.#byModel.get(baseModelId);
    if (!sums) {
      if (this.#byModel.size >= maximumModels) this.#byModel.delete(this.#byModel.keys().next().value as string);
      sums = { estimated: 0, reported: 0, observations: 0 };
      this.#byModel.set(baseModelId, sums);
    }
    sums.estimated = sums.estimated * decay + estimated;
    sums.reported = sums.reported * decay + reported;
    sums.observations += 1;
  }

  /** The correction for a model, once one call has been observed. */
  calibration(baseModelId: string): Calibration | undefined {
    const sums = this.#byModel.get(baseModelId);
    if (!sums) return undefined;
    const ratio = Math.min(highest, Math.max(lowest, sums.reported / sums.estimated));
    return { ratio: Math.round(ratio * 1000) / 1000, observations: sums.observations };
  }
}
