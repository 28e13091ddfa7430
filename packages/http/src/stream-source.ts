import type { StreamEvent } from '@switchyard/core';

/**
 * What the helpers serve: the iterable `router.stream(request)` returns, or a function that
 * starts it with the helper's `AbortSignal` (`(signal) => router.stream({ ...request, signal })`).
 *
 * Prefer the function (or pass your framework's request signal in the request yourself): the
 * helper aborts that signal the moment the client goes away, which stops the vendor call at once,
 * even while it waits for the first token. A plain iterable is closed with `return()`, which an
 * async generator only honours after its pending event arrives.
 */
export type StreamSource =
  | AsyncIterable<StreamEvent>
  | ((signal: AbortSignal) => AsyncIterable<StreamEvent>);

/** An opened source: its iterator, and one way to stop it whatever it is doing. */
export interface OpenedSource {
  readonly iterator: AsyncIterator<StreamEvent>;
  /** `true` once `cancel()` has been called. */
  readonly cancelled: boolean;
  /** Aborts the source's signal and closes its iterator. Safe to call more than once. */
  cancel(reason?: unknown): void;
}

/** @internal Starts a source, owning the abort signal when the source is a function. */
export function openSource(source: StreamSource): OpenedSource {
  const controller = new AbortController();
  const iterable = typeof source === 'function' ? source(controller.signal) : source;
  const iterator = iterable[Symbol.asyncIterator]();
  let cancelled = false;
  return {
    iterator,
    get cancelled() {
      return cancelled;
    },
    cancel(reason?: unknown) {
      if (cancelled) return;
      cancelled = true;
      controller.abort(reason ?? new Error('The HTTP client went away.'));
      // A generator waiting for its next event runs return() after that event: the abort above is
      // what stops the vendor call now. Whatever return() rejects with has no one left to tell.
      try {
        iterator.return?.().catch(() => {});
      } catch {
        // An iterator whose return() throws synchronously has nothing left to release.
      }
    },
  };
}
