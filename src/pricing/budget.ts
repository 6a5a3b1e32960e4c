/**
 * `budget: { maxUsd }`: each call reserves its worst-case cost before any request and
 * settles to its real cost after; a reservation that does not fit is refused. JavaScript
 * runs one call's reservation at a time, so concurrent calls never spend past the limit.
 */
import { BudgetExceededError, ValidationError } from "../errors.js";

/** One call's hold on the budget, in picodollars. */
export interface Reservation {
  pico: bigint;
  settled: boolean;
}

/** A budget's state, in dollars. */
export interface BudgetState {
  /** The limit. */
  maxUsd: number;
  /** Real cost of the calls that finished. */
  spentUsd: number;
  /** Worst-case cost of the calls in flight. */
  reservedUsd: number;
  /** What a new call may still reserve. */
  remainingUsd: number;
}

const picoPerUsd = 1_000_000_000_000n;

function toUsd(pico: bigint): number {
  return Number(pico) / 1e12;
}

/** A client's spending limit. */
export class Budget {
  readonly #max: bigint;
  #spent = 0n;
  #reserved = 0n;

  constructor(maxUsd: number) {
    if (typeof maxUsd !== "number" || !Number.isFinite(maxUsd) || maxUsd <= 0) {
      throw new ValidationError("Invalid budget.maxUsd: expected a positive number of dollars", { field: "budget.maxUsd" });
    }
    this.#max = BigInt(Math.round(maxUsd * 1e6)) * (picoPerUsd / 1_000_000n);
  }

  /** Holds `pico` for a call, or throws {@link BudgetExceededError} when it does not fit. */
  reserve(pico: bigint, modelId: string): Reservation {
    if (this.#spent + this.#reserved + pico > this.#max) {
      const left = this.#max - this.#spent - this.#reserved;
      throw new BudgetExceededError(
        `The worst-case cost of this call to ${modelId} ($${toUsd(pico).toFixed(6)}) does not fit what is left of the budget ($${toUsd(left > 0n ? left : 0n).toFixed(6)} of $${toUsd(this.#max)})`,
        { modelId },
      );
    }
    this.#reserved += pico;
    return { pico, settled: false };
  }

  /** Ends a hold: the call cost `actualPico` (undefined: it cost nothing, e.g. it failed before Bedrock billed it). */
  settle(reservation: Reservation, actualPico: bigint | undefined): void {
    if (reservation.settled) return;
    reservation.settled = true;
    this.#reserved -= reservation.pico;
    if (actualPico !== undefined) this.#spent += actualPico;
  }

  state(): BudgetState {
    const remaining = this.#max - this.#spent - this.#reserved;
    return { maxUsd: toUsd(this.#max), spentUsd: toUsd(this.#spent), reservedUsd: toUsd(this.#reserved), remainingUsd: toUsd(remaining > 0n ? remaining : 0n) };
  }
}
