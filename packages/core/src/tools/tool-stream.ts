import { assistantMessage } from '../provider/assistant-message.js';
import type { ChatRequest } from '../provider/chat-request.js';
import type { ChatResponse, ToolStep } from '../provider/chat-response.js';
import type { Message } from '../provider/messages.js';
import type { StreamEvent } from '../provider/stream-event.js';
import type { RouterContext } from '../router/router-context.js';
import { runToolCalls } from './run-tool-calls.js';
import {
  finishToolLoop,
  prepareTools,
  recordToolResults,
  runsAllCalls,
  stepTrace,
  turnRequest,
} from './tool-loop.js';
import type { ToolStepTrace } from './tool-loop-types.js';

/** One model turn through the stream pipeline. */
type StreamTurn = (ctx: RouterContext, request: ChatRequest) => AsyncIterable<StreamEvent>;

/**
 * `router.stream` with `maxSteps`: each turn streams through the stream pipeline (so each keeps
 * the mid-stream failure contract: fallback before its first event, a typed error after); a turn
 * that calls tools ends with `step-finish` and `tool-result` events instead of `finish`, and the
 * next turn follows. The last turn's `finish` carries the loop's answer.
 */
export async function* streamWithTools(
  ctx: RouterContext,
  request: ChatRequest,
  turn: StreamTurn,
): AsyncGenerator<StreamEvent> {
  const startedAt = ctx.config.clock.now();
  const prepared = await prepareTools(request);
  const maxSteps = request.maxSteps ?? 1;
  const base = turnRequest(request, prepared);
  const messages: Message[] = [...request.messages];
  const steps: ToolStep[] = [];
  const traces: ToolStepTrace[] = [];
  for (let step = 1; ; step++) {
    let response: ChatResponse | undefined;
    for await (const event of turn(ctx, { ...base, messages: messages.slice() })) {
      if (event.type === 'finish') response = event.response;
      else yield event;
    }
    if (response === undefined) return;
    const runsAll = runsAllCalls(request, prepared, response);
    if (!runsAll || step >= maxSteps) {
      steps.push({ response, results: [] });
      traces.push(stepTrace(step, response, []));
      yield {
        type: 'finish',
        response: finishToolLoop(
          ctx,
          response,
          prepared,
          steps,
          traces,
          messages,
          runsAll,
          startedAt,
        ),
      };
      return;
    }
    yield { type: 'step-finish', step, response };
    const results = await runToolCalls(response.toolCalls, prepared.runnable, {
      signal: request.signal,
      timeoutMs: request.toolTimeoutMs,
      concurrency: request.toolConcurrency,
      now: () => ctx.config.clock.now(),
    });
    steps.push({ response, results });
    traces.push(stepTrace(step, response, results));
    recordToolResults(ctx, step, results);
    for (const result of results) yield { type: 'tool-result', step, result };
    messages.push(assistantMessage(response), ...results.map((r) => r.message));
  }
}
