import { createParser, type EventSourceMessage } from 'eventsource-parser';
import type { ServedStreamEvent } from './sse-format.js';

/** One Server-Sent Event as received. */
export interface SSEMessage {
  /** The `event:` field; `message` when the server sent none (as browsers do). */
  readonly event: string;
  /** The `data:` lines, joined with newlines. */
  readonly data: string;
  /** The `id:` field, when sent. */
  readonly id?: string | undefined;
}

/**
 * Reads Server-Sent Events from a fetch `Response` (or its body), one message at a time, with a
 * spec-conformant parser (`eventsource-parser`). Stops, and cancels the body, when the loop is left
 * early. Throws a `TypeError` for a response without a body.
 */
export async function* readSSE(
  input: Response | ReadableStream<Uint8Array>,
): AsyncGenerator<SSEMessage, void, undefined> {
  const body = input instanceof ReadableStream ? input : input.body;
  if (body === null) throw new TypeError('readSSE: the response has no body.');
  const pending: SSEMessage[] = [];
  const parser = createParser({
    onEvent(message: EventSourceMessage) {
      pending.push({ event: message.event ?? 'message', data: message.data, id: message.id });
    },
  });
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        finished = true;
        parser.reset({ consume: true });
      } else {
        parser.feed(value);
      }
      while (pending.length > 0) yield pending.shift() as SSEMessage;
      if (finished) return;
    }
  } finally {
    if (!finished) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}

/**
 * Reads the events that `toSSEResponse` / `pipeToNodeResponse` send, parsed from their JSON: the
 * router's stream events, then `finish` or an `error` event. Event types newer than this package
 * arrive as they were sent: check `type` before using one. Throws a `SyntaxError` for data that
 * is not JSON.
 */
export async function* readStreamEvents(
  input: Response | ReadableStream<Uint8Array>,
): AsyncGenerator<ServedStreamEvent, void, undefined> {
  for await (const message of readSSE(input)) {
    yield JSON.parse(message.data) as ServedStreamEvent;
  }
}
