import type { ChatRequest } from '../provider/chat-request.js';
import type { ChatResponse } from '../provider/chat-response.js';
import type { RouterContext } from '../router/router-context.js';
import { ToolLoopRun } from './tool-loop-run.js';

/** One model turn through the chat pipeline (cache, choose, attempts, accounting). */
type ChatTurn = (ctx: RouterContext, request: ChatRequest) => Promise<ChatResponse>;

/** `true` when `router.chat` must go through the tool loop rather than straight to the pipeline. */
export function wantsToolLoop(request: ChatRequest): boolean {
  if (typeof request !== 'object' || request === null) return false;
  return request.maxSteps !== undefined || request.toolRegistry !== undefined;
}

/**
 * The tool loop: model turn → the turn's tool calls run in parallel → results fed back → next
 * turn, until a turn calls no tool (or a tool the host runs itself), `maxSteps` turns (then
 * `toolLoop.limitReached`), or a budget refuses a later turn (`toolLoop.stopReason: 'budget'`).
 * Each turn goes through `turn` (the chat pipeline), so it is routed, retried, cached, accounted
 * and budgeted like any request; the answer sums usage and cost.
 */
export async function chatWithTools(
  ctx: RouterContext,
  request: ChatRequest,
  turn: ChatTurn,
): Promise<ChatResponse> {
  const run = await ToolLoopRun.start(ctx, request, false);
  try {
    for (;;) {
      let response: ChatResponse;
      try {
        const next = run.next();
        response = await run.within(() => turn(ctx, next));
      } catch (error) {
        return run.budgetStop(error);
      }
      const answer = run.settle(response);
      if (answer !== undefined) return answer;
      await run.runTools(response);
    }
  } catch (error) {
    run.fail(error);
    throw error;
  }
}
