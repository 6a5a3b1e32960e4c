/** Running totals of a client's calls: exact sums in picodollars, bounded memory. */
import type { Usage } from "../types.js";
import type { BudgetState } from "./budget.js";
import type { PicoCost } from "./cost.js";

/** Totals of calls, overall or for one model. */
export interface CostTotals {
  /** Dollars of the calls whose cost is known. */
  totalUsd: number;
  /** Calls that finished (and begun streams that failed). */
  calls: number;
  /** Input tokens, cache reads and writes included. */
  inputTokens: number;
  /** Output tokens. */
  outputTokens: number;
  /** Calls whose cost is undefined (no known price); their tokens are counted, their dollars are not. */
  unpricedCalls: number;
}

/** What `fm.costs()` returns. */
export interface CostReport extends CostTotals {
  /** Totals by model ID as requested (at most 1,000 IDs; further IDs are added under `"(other)"`). */
  byModel: Record<string, CostTotals>;
  /** The client's budget, when it has one. */
  budget?: BudgetState | undefined;
}

const maximumModels = 1_000;

class Tally {
  pico = 0n;
  calls = 0;
  inputTokens = 0;
  outputTokens = 0;
  unpricedCalls = 0;

  add(usage: Usage, cost: PicoCost | undefined): void {
    this.calls += 1;
    this.inputTokens += usage.inputTokens + (usage.cacheReadInputTokens ?? 0) + (usage.cacheWriteInputTokens ?? 0);
    this.outputTokens += usage.outputTokens;
    if (cost) this.pico += BigInt(cost.inputPico + cost.outputPico);
    else this.unpricedCalls += 1;
  }

  totals(): CostTotals {
    return {
      totalUsd: Number(this.pico) / 1e12,
      calls: this.calls,
      inputTokens: this.inputTokens,
      outputTokens: this.outputTokens,
      unpricedCalls: this.unpricedCalls,
    };
  }
}

/** Records every finished call (and every failed stream that reported usage). */
export class CostLedger {
  readonly #all = new Tally();
  readonly #byModel = new Map<string, Tally>();

  record(modelId: string, usage: Usage, cost: PicoCost | undefined): void {
    this.#all.add(usage, cost);
    const key = this.#byModel.has(modelId) || this.#byModel.size < maximumModels ? modelId : "(other)";
    let tally = this.#byModel.get(key);
    if (!tally) {
      tally = new Tally();
      this.#byModel.set(key, tally);
    }
    tally.add(usage, cost);
  }

  report(): CostReport {
    const byModel: Record<string, CostTotals> = {};
    for (const [modelId, tally] of this.#byModel) byModel[modelId] = tally.totals();
    return { ...this.#all.totals(), byModel };
  }
}
