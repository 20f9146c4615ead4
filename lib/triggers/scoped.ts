import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Per-object values that follow an async call chain (the running transaction of a store, the
 * operation of a manager). One AsyncLocalStorage for the whole engine, never one per object:
 * on Node 20 every AsyncLocalStorage that has run stays registered for the life of the process
 * and slows down every later promise, so one per session would make a long-lived process
 * slower with each session it touches.
 */
const storage = new AsyncLocalStorage<ReadonlyMap<object, unknown>>();

/** Runs `work` with `value` bound to `owner` for its whole async call chain. */
export function runScoped<R>(owner: object, value: unknown, work: () => R): R {
  const values = new Map(storage.getStore());
  values.set(owner, value);
  return storage.run(values, work);
}

/** The value bound to `owner` on the current call chain, if any. */
export function scopedValue<T>(owner: object): T | undefined {
  return storage.getStore()?.get(owner) as T | undefined;
}

/**
 * Runs `work` as an operation of `owner`: until it settles, `settledOperation(owner)` on its call
 * chain (and on work it starts) resolves only once it has finished.
 */
export async function runOperation<T>(owner: object, work: () => Promise<T>): Promise<T> {
  let settle!: () => void;
  const settled = new Promise<void>((resolve) => (settle = resolve));
  try {
    return await runScoped(owner, settled, work);
  } finally {
    settle();
  }
}

/** Resolves when the operation of `owner` on the current call chain (if any) has finished. */
export function settledOperation(owner: object): Promise<void> {
  return scopedValue<Promise<void>>(owner) ?? Promise.resolve();
}
