import type { ChatRequest } from '../provider/chat-request.js';
import type { ChatResponse } from '../provider/chat-response.js';
import type { StreamEvent } from '../provider/stream-event.js';
import type { RouterContext } from '../router/router-context.js';
import { ToolLoopRun } from './tool-loop-run.js';

/** One model turn through the stream pipeline. */
type StreamTurn = (ctx: RouterContext, request: ChatRequest) => AsyncIterable<StreamEvent>;

/**
 * `router.stream` with `maxSteps`: each turn streams through the stream pipeline (so each keeps
 * the mid-stream failure contract: fallback before its first event, a typed error after); a turn
 * that calls tools ends with `step-finish` and `tool-result` events instead of `finish`, and the
 * next turn follows. The last turn's `finish` carries the loop's answer; a budget that refuses a
 * later turn (before its first event) ends the loop with that `finish` too.
 */
export async function* streamWithTools(
  ctx: RouterContext,
  request: ChatRequest,
  turn: StreamTurn,
): AsyncGenerator<StreamEvent> {
  const run = await ToolLoopRun.start(ctx, request, true);
  try {
    for (;;) {
      const next = run.next();
      const events = run.within(() => turn(ctx, next)[Symbol.asyncIterator]());
      let response: ChatResponse | undefined;
      let started = false;
      let done = false;
      try {
        for (;;) {
          // Each read runs under the loop's span, so the turn's request span is its child.
          const read = await run.within(() => events.next());
          if (read.done === true) break;
          const event = read.value;
          if (event.type === 'finish') response = event.response;
          else {
            started = true;
            yield event;
          }
        }
        done = true;
      } catch (error) {
        done = true;
        if (started) throw error;
        yield { type: 'finish', response: run.budgetStop(error) };
        return;
      } finally {
        // The consumer stopped reading mid-turn: close the turn's stream (and its attempt).
        if (!done) await events.return?.();
      }
      if (response === undefined) return;
      const answer = run.settle(response);
      if (answer !== undefined) {
        yield { type: 'finish', response: answer };
        return;
      }
      yield { type: 'step-finish', step: run.step, response };
      const step = run.step;
      for (const result of await run.runTools(response))
        yield { type: 'tool-result', step, result };
    }
  } catch (error) {
    run.fail(error);
    throw error;
  } finally {
    run.abandon();
  }
}
