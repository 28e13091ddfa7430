import { redactSecrets } from '../errors/redact-secrets.js';
import type { RouterEvent, RouterEventListener, RouterEventType } from './router-events.js';

type AnyListener = (event: RouterEvent) => unknown;

/**
 * Delivers router events to listeners without ever affecting a request:
 * - events are queued and delivered in a batch on the next turn of the event loop
 *   (`setImmediate`), after the request's own promise has settled, so a slow listener never
 *   delays an answer;
 * - a listener that throws, or returns a promise that rejects, is reported as a `listener-error`
 *   event and otherwise ignored; async listeners (a database write, a log shipper) are never
 *   awaited;
 * - when nobody listens, `active` is false and call sites skip building events altogether.
 */
export class EventHub {
  /** Whether anyone listens; check it before building an event. */
  active = false;
  private readonly byType = new Map<RouterEventType, Set<AnyListener>>();
  private readonly all = new Set<AnyListener>();
  private queue: RouterEvent[] = [];
  private scheduled: ReturnType<typeof setImmediate> | undefined = undefined;
  private closed = false;

  on<T extends RouterEventType>(type: T, listener: RouterEventListener<T>): () => void {
    let set = this.byType.get(type);
    if (set === undefined) {
      set = new Set();
      this.byType.set(type, set);
    }
    set.add(listener as AnyListener);
    this.active = !this.closed;
    return () => this.off(type, listener);
  }

  off<T extends RouterEventType>(type: T, listener: RouterEventListener<T>): void {
    this.byType.get(type)?.delete(listener as AnyListener);
    this.refresh();
  }

  onAny(listener: (event: RouterEvent) => unknown): () => void {
    this.all.add(listener);
    this.active = !this.closed;
    return () => {
      this.all.delete(listener);
      this.refresh();
    };
  }

  emit(event: RouterEvent): void {
    if (!this.active) return;
    this.queue.push(event);
    if (this.scheduled === undefined) this.scheduled = setImmediate(() => this.flush());
  }

  /** Delivers what is queued now. */
  flush(): void {
    if (this.scheduled !== undefined) {
      clearImmediate(this.scheduled);
      this.scheduled = undefined;
    }
    const batch = this.queue;
    this.queue = [];
    for (const event of batch) {
      const typed = this.byType.get(event.type);
      if (typed !== undefined) for (const listener of typed) this.deliver(listener, event);
      for (const listener of this.all) this.deliver(listener, event);
    }
  }

  /** Delivers what is queued and stops; later events are dropped. */
  close(): void {
    this.flush();
    this.closed = true;
    this.active = false;
    this.byType.clear();
    this.all.clear();
  }

  private deliver(listener: AnyListener, event: RouterEvent): void {
    try {
      const result = listener(event);
      if (
        result !== null &&
        typeof result === 'object' &&
        typeof (result as Promise<unknown>).then === 'function'
      ) {
        (result as Promise<unknown>).then(undefined, (error: unknown) =>
          this.reportFailure(event, error),
        );
      }
    } catch (error) {
      this.reportFailure(event, error);
    }
  }

  private reportFailure(event: RouterEvent, error: unknown): void {
    // A failing listener of listener errors is not reported again, or it would loop.
    if (event.type === 'listener-error' || this.closed) return;
    this.emit({
      type: 'listener-error',
      eventType: event.type,
      message: redactSecrets(error instanceof Error ? error.message : String(error)),
    });
  }

  private refresh(): void {
    let any = this.all.size > 0;
    for (const set of this.byType.values()) any ||= set.size > 0;
    this.active = any && !this.closed;
  }
}
