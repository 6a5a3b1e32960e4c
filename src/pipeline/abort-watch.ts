/**
 * One `abort` listener per user signal, however many calls share it: Node warns
 * (MaxListenersExceededWarning) past ten listeners on one AbortSignal, and a signal
 * shared by a batch of calls is normal use.
 */
const watchers = new WeakMap<AbortSignal, Set<() => void>>();

function notify(this: AbortSignal): void {
  const callbacks = watchers.get(this);
  watchers.delete(this);
  for (const callback of callbacks ?? []) callback();
}

/** Calls `callback` once when `signal` aborts; the returned function stops watching. */
export function watchAbort(signal: AbortSignal, callback: () => void): () => void {
  let callbacks = watchers.get(signal);
  if (!callbacks) {
    callbacks = new Set();
    watchers.set(signal, callbacks);
    signal.addEventListener("abort", notify, { once: true });
  }
  callbacks.add(callback);
  return () => {
    const current = watchers.get(signal);
    if (!current) return;
    current.delete(callback);
    if (current.size === 0) {
      watchers.delete(signal);
      signal.removeEventListener("abort", notify);
    }
  };
}
