import type { ServerResponse } from 'node:http';
import type { StreamEvent } from '@switchyard/core';
import { formatSSE, formatSSEError, SSE_HEADERS, TEXT_HEADERS } from './sse-format.js';
import { openSource, type StreamSource } from './stream-source.js';

/** Options of {@link pipeToNodeResponse}. */
export interface NodeResponseOptions {
  /** `sse`: Server-Sent Events, one per stream event. `text`: the answer's text only. Defaults to `sse`. */
  readonly format?: 'sse' | 'text' | undefined;
  /** The status, when the helper writes the head. Defaults to 200. */
  readonly status?: number | undefined;
  /** Added to (and overriding) the helper's content-type and no-cache headers. Defaults to none. */
  readonly headers?: Readonly<Record<string, string>> | undefined;
  /** Called with the error that ended the stream, for logging. Not called on a client disconnect. Defaults to none. */
  readonly onError?: ((error: unknown) => void) | undefined;
}

/**
 * Streams a routed answer into a Node `http.ServerResponse` (also Express's `res` and Fastify's
 * `reply.raw` after `reply.hijack()`), and resolves once the response has ended or the client
 * has gone.
 *
 * - Writes the head (status and SSE or text headers) unless it was already sent.
 * - Back-pressure: when `res.write()` reports a full buffer, no further event is read from the
 *   router until the socket drains.
 * - A client that disconnects before the end aborts the source: with a function source (or your
 *   own signal in the request) the vendor's HTTP request stops at once.
 * - A failure: in `sse` format an `error` event ends the response normally; in `text` format the
 *   connection is destroyed so the client sees a broken body, not a complete one.
 *
 * Never rejects: errors are reported through `onError`.
 */
export async function pipeToNodeResponse(
  source: StreamSource,
  res: ServerResponse,
  options: NodeResponseOptions = {},
): Promise<void> {
  const sse = (options.format ?? 'sse') === 'sse';
  if (!res.headersSent) {
    res.writeHead(options.status ?? 200, {
      ...(sse ? SSE_HEADERS : TEXT_HEADERS),
      ...options.headers,
    });
    res.flushHeaders();
  }
  const opened = openSource(source);
  let gone = res.destroyed;
  const onClose = () => {
    if (res.writableFinished) return;
    gone = true;
    opened.cancel(new Error('The HTTP client went away.'));
  };
  res.on('close', onClose);
  if (gone) opened.cancel(new Error('The HTTP client went away.'));

  const render = sse
    ? formatSSE
    : (event: StreamEvent) => (event.type === 'text-delta' ? event.text : '');
  try {
    while (!gone) {
      let result: IteratorResult<StreamEvent>;
      try {
        result = await opened.iterator.next();
      } catch (error) {
        if (gone) return;
        options.onError?.(error);
        if (sse) res.end(formatSSEError(error));
        else res.destroy();
        return;
      }
      if (gone) return;
      if (result.done === true) break;
      const chunk = render(result.value);
      if (chunk !== '' && !res.write(chunk)) await drained(res);
    }
    if (!gone) res.end();
  } finally {
    res.off('close', onClose);
  }
}

/** Resolves when the response can take more data, or when it is gone. */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
