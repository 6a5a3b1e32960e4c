/**
 * What calls cost: the budget hold before the network, then exact cost, the ledger,
 * calibration and the budget settlement once a call ends — the same for every operation.
 */
import { BudgetExceededError, ValidationError } from "../errors.js";
import { Budget } from "../pricing/budget.js";
import { costOfUsage, noCostWarning, toCost, type PicoCost, type PriceLookup } from "../pricing/cost.js";
import { CostLedger, type CostReport } from "../pricing/ledger.js";
import { Calibrator } from "../tokens/calibration.js";
import type { Cost, Usage, Warning } from "../types.js";
import type { CallScope } from "./scope.js";

/** What one call spent, as the ledger and the budget record it. */
export interface Spent {
  /** The model ID as requested (the ledger's key). */
  modelId: string;
  usage: Usage;
  /** Exact cost; undefined when the price or the usage is unknown. */
  cost: PicoCost | undefined;
  /** For calibration: the catalog model and the estimator's input tokens of the request. */
  estimate?: { modelId: string; inputTokens: number } | undefined;
}

/** A cost, or why there is none. */
export interface Pricing {
  cost: PicoCost | undefined;
  /** Set when `cost` is undefined. */
  reason: string | undefined;
}

/** Prices `usage` at the call's prices; usage nobody reported has no price. */
export function priceUsage(lookup: PriceLookup, usage: Usage): Pricing {
  if (!lookup.prices) return { cost: undefined, reason: lookup.reason };
  if (usage.source === "none") return { cost: undefined, reason: "Bedrock reported no token counts for this call" };
  const cost = costOfUsage(usage, lookup.prices);
  return typeof cost === "string" ? { cost: undefined, reason: cost } : { cost, reason: undefined };
}

/** The dollars of a priced call, and the warning that explains a missing price. */
export function describePricing(pricing: Pricing, warnings: Warning[]): Cost | undefined {
  if (pricing.cost) return toCost(pricing.cost);
  if (pricing.reason !== undefined) warnings.push(noCostWarning(pricing.reason));
  return undefined;
}

/** The sum of two costs. */
export function addCosts(left: PicoCost, right: PicoCost): PicoCost {
  return { inputPico: left.inputPico + right.inputPico, outputPico: left.outputPico + right.outputPico };
}

function picoOf(cost: PicoCost): bigint {
  return BigInt(cost.inputPico + cost.outputPico);
}

/** Dollars to the picodollar, without trailing zeros (a cap below a microdollar still reads as itself). */
function usdOf(pico: bigint): string {
  return (Number(pico) / 1e12).toFixed(12).replace(/\.?0+$/, "");
}

/**
 * A request's `maxUsd` (the most one call may cost) in picodollars, or undefined when it
 * has none. Throws `ValidationError` for anything but a positive, finite number.
 */
export function checkCallCap(maxUsd: unknown, modelId: string): bigint | undefined {
  if (maxUsd === undefined) return undefined;
  if (typeof maxUsd !== "number" || !Number.isFinite(maxUsd) || maxUsd <= 0) {
    throw new ValidationError("Invalid maxUsd: expected a positive number of dollars", { field: "maxUsd", modelId: modelId === "" ? undefined : modelId });
  }
  // A cap past what a float can hold in picodollars caps nothing a call could cost.
  return BigInt(Math.round(Math.min(maxUsd * 1e12, Number.MAX_VALUE)));
}

/** A client's budget, ledger and calibration. */
export class Accounting {
  readonly ledger = new CostLedger();
  readonly calibrator = new Calibrator();

  constructor(readonly budget: Budget | undefined) {}

  /**
   * Holds a call's worst-case cost on the budget, or refuses the call: it has no price, its
   * worst case does not fit what is left of the budget, or it exceeds the request's own
   * `maxUsd` (`capPico`).
   */
  hold(scope: CallScope, worstCase: PicoCost | undefined, noPriceReason: string | undefined, capPico?: bigint | undefined): void {
    if (!this.budget && capPico === undefined) return;
    const limit = this.budget ? "A budget" : "maxUsd";
    if (worstCase === undefined) {
      throw new BudgetExceededError(`${limit} cannot cover ${scope.modelId} without its price${noPriceReason ? `: ${noPriceReason}` : ""}`, {
        modelId: scope.modelId,
        operation: scope.operation,
      });
    }
    const pico = picoOf(worstCase);
    if (capPico !== undefined && pico > capPico) {
      throw new BudgetExceededError(`The worst-case cost of this call to ${scope.modelId} ($${usdOf(pico)}) exceeds its maxUsd ($${usdOf(capPico)})`, {
        modelId: scope.modelId,
        operation: scope.operation,
      });
    }
    if (this.budget) scope.reservation = this.budget.reserve(pico, scope.modelId);
  }

  /** Records a finished call, or a failed one that spent something (a stream that had begun). */
  record(scope: CallScope, spent: Spent): void {
    this.ledger.record(spent.modelId, spent.usage, spent.cost);
    const { usage, estimate } = spent;
    if (estimate && usage.source !== "none" && !usage.partial) {
      const reported = usage.inputTokens + (usage.cacheReadInputTokens ?? 0) + (usage.cacheWriteInputTokens ?? 0);
      this.calibrator.observe(estimate.modelId, estimate.inputTokens, reported);
    }
    // A call whose cost cannot be known keeps its worst case spent: a budget never under-counts.
    this.#settle(scope, spent.cost ? picoOf(spent.cost) : scope.reservation?.pico);
  }

  /** Ends a failed call's hold when it spent nothing. */
  release(scope: CallScope): void {
    this.#settle(scope, undefined);
  }

  /** Running totals, with the budget's state when there is one. */
  report(): CostReport {
    return this.budget ? { ...this.ledger.report(), budget: this.budget.state() } : this.ledger.report();
  }

  #settle(scope: CallScope, actual: bigint | undefined): void {
    if (this.budget && scope.reservation) this.budget.settle(scope.reservation, actual);
  }
}
