import type { StreamEvent } from '@switchyard/core';
import { formatSSE, formatSSEError, SSE_HEADERS, TEXT_HEADERS } from './sse-format.js';
import { openSource, type StreamSource } from './stream-source.js';

/** Options of the web stream helpers. */
export interface StreamHelperOptions {
  /**
   * Called with the error that ended the stream (a typed Switchyard error, usually), for logging.
   * Not called when the client went away. Defaults to none.
   */
  readonly onError?: ((error: unknown) => void) | undefined;
}

/** Options of the `Response` helpers: the stream options plus the response's status and headers. */
export interface ResponseHelperOptions extends StreamHelperOptions {
  /** Defaults to 200. */
  readonly status?: number | undefined;
  /** Added to (and overriding) the helper's own content-type and no-cache headers. Defaults to none. */
  readonly headers?: Readonly<Record<string, string>> | undefined;
}

const encoder = new TextEncoder();

/**
 * Reads one event per `pull`: the router is only asked for the next event when the consumer wants
 * more bytes (high-water mark 0), so a slow client slows the vendor stream down instead of
 * filling memory. Cancelling the stream (the client went away) aborts the source.
 */
function pullStream(
  source: StreamSource,
  render: (event: StreamEvent) => string | undefined,
  fail: (controller: ReadableStreamDefaultController<Uint8Array>, error: unknown) => void,
  options: StreamHelperOptions,
): ReadableStream<Uint8Array> {
  let opened: ReturnType<typeof openSource> | undefined;
  return new ReadableStream<Uint8Array>(
    {
      start() {
        opened = openSource(source);
      },
      async pull(controller) {
        const { iterator } = opened as ReturnType<typeof openSource>;
        for (;;) {
          let result: IteratorResult<StreamEvent>;
          try {
            result = await iterator.next();
          } catch (error) {
            if (opened?.cancelled) return;
            options.onError?.(error);
            fail(controller, error);
            return;
          }
          if (opened?.cancelled) return;
          if (result.done === true) {
            controller.close();
            return;
          }
          const chunk = render(result.value);
          // Events with nothing to send (a text stream skips tool calls) do not satisfy the pull.
          if (chunk === undefined || chunk === '') continue;
          controller.enqueue(encoder.encode(chunk));
          return;
        }
      },
      cancel(reason) {
        opened?.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}

/**
 * A web `ReadableStream` of UTF-8 bytes carrying Server-Sent Events: one event per stream event
 * (`start`, `text-delta`, `tool-call`, `finish` with usage and cost, and any newer type), each as
 * `event: <type>` with the whole event as JSON in `data:`. A failure ends the stream with an
 * `error` event (`{ type: 'error', error: { name, kind, message, retryable, ... } }`, no secrets)
 * instead of breaking the connection. Cancelling the stream aborts the source.
 */
export function toSSEStream(
  source: StreamSource,
  options: StreamHelperOptions = {},
): ReadableStream<Uint8Array> {
  return pullStream(
    source,
    formatSSE,
    (controller, error) => {
      controller.enqueue(encoder.encode(formatSSEError(error)));
      controller.close();
    },
    options,
  );
}

/**
 * A web `ReadableStream` of the answer's text only (UTF-8 bytes of the `text-delta` events). A
 * failure errors the stream with the typed error, so the HTTP body ends broken rather than looking
 * complete. Cancelling the stream aborts the source.
 */
export function toTextStream(
  source: StreamSource,
  options: StreamHelperOptions = {},
): ReadableStream<Uint8Array> {
  return pullStream(
    source,
    (event) => (event.type === 'text-delta' ? event.text : undefined),
    (controller, error) => controller.error(error),
    options,
  );
}

function responseInit(
  base: Readonly<Record<string, string>>,
  options: ResponseHelperOptions,
): ResponseInit {
  return { status: options.status ?? 200, headers: { ...base, ...options.headers } };
}

/**
 * A `Response` streaming Server-Sent Events (see {@link toSSEStream}), with
 * `content-type: text/event-stream` and no-cache headers: return it from a fetch-style handler
 * (Next.js route handlers, Hono, Bun, Deno, workers).
 */
export function toSSEResponse(source: StreamSource, options: ResponseHelperOptions = {}): Response {
  return new Response(toSSEStream(source, options), responseInit(SSE_HEADERS, options));
}

/** A `Response` streaming the answer's text (see {@link toTextStream}) as `text/plain`. */
export function toTextResponse(
  source: StreamSource,
  options: ResponseHelperOptions = {},
): Response {
  return new Response(toTextStream(source, options), responseInit(TEXT_HEADERS, options));
}
