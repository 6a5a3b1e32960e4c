/** A token bucket: `capacity` at most, refilled continuously at `perSecond`. */
export class TokenBucket {
  #level: number;
  #updated: number;

  constructor(
    public capacity: number,
    public perSecond: number,
    now: number,
  ) {
    this.#level = capacity;
    this.#updated = now;
  }

  #refill(now: number): void {
    this.#level = Math.min(this.capacity, this.#level + ((now - this.#updated) * this.perSecond) / 1000);
    this.#updated = now;
  }

  /**
   * Milliseconds until `amount` can be taken (0: now). An amount above the capacity waits
   * for a full bucket and then takes it all and more, so one large call is never refused.
   */
  waitMs(amount: number, now: number): number {
    this.#refill(now);
    const needed = Math.min(amount, this.capacity);
    return this.#level >= needed ? 0 : ((needed - this.#level) * 1000) / this.perSecond;
  }

  /** Takes `amount` (the level may go below zero: later takers wait for it). */
  take(amount: number, now: number): void {
    this.#refill(now);
    this.#level -= amount;
  }

  /** Gives back what was taken and not used (a call that used fewer tokens than it held). */
  giveBack(amount: number, now: number): void {
    this.#refill(now);
    this.#level = Math.min(this.capacity, this.#level + amount);
  }
}
