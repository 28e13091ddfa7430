import { InvalidRequestError } from '../errors/provider-errors.js';
import { assistantMessage } from '../provider/assistant-message.js';
import type { ChatRequest } from '../provider/chat-request.js';
import type { ChatResponse, ToolStep } from '../provider/chat-response.js';
import type { Message } from '../provider/messages.js';
import type { ToolDefinition } from '../provider/tool.js';
import type { Usage } from '../provider/usage.js';
import type { RouterContext } from '../router/router-context.js';
import { isRunnableTool, type Tool, toolDefinition } from './define-tool.js';
import { runToolCalls } from './run-tool-calls.js';
import type { ToolCallOutcome, ToolStepTrace, ToolTrace } from './tool-loop-types.js';
import type { ToolSelection } from './tool-registry.js';

/** One model turn through the chat pipeline (cache, choose, attempts, accounting). */
type ChatTurn = (ctx: RouterContext, request: ChatRequest) => Promise<ChatResponse>;

/** `true` when `router.chat` must go through the tool loop rather than straight to the pipeline. */
export function wantsToolLoop(request: ChatRequest): boolean {
  if (typeof request !== 'object' || request === null) return false;
  return request.maxSteps !== undefined || request.toolRegistry !== undefined;
}

/** The tools of a request: what the model is offered, what the router may run, and the trace. */
export interface PreparedTools {
  readonly definitions: readonly ToolDefinition[] | undefined;
  readonly runnable: ReadonlyMap<string, Tool>;
  readonly selection: ToolSelection | undefined;
}

/** Resolves the request's tools and registry selection (loading the selected domain once). */
export async function prepareTools(request: ChatRequest): Promise<PreparedTools> {
  const ms = request.maxSteps;
  if (ms !== undefined && !(Number.isInteger(ms) && ms >= 1 && ms <= 100))
    throw new InvalidRequestError('Invalid request: maxSteps: expected an integer from 1 to 100.', {
      code: 'invalid_request',
    });
  const selection =
    request.toolRegistry === undefined
      ? undefined
      : await request.toolRegistry.select({
          domain: request.toolDomain,
          intent: request.intent,
          category: request.category,
        });
  const runnable = new Map<string, Tool>();
  const definitions: ToolDefinition[] = [];
  for (const tool of [...(request.tools ?? []), ...(selection?.tools ?? [])]) {
    if (definitions.some((d) => d.name === tool.name)) continue;
    definitions.push(toolDefinition(tool));
    if (isRunnableTool(tool)) runnable.set(tool.name, tool);
  }
  return { definitions: definitions.length > 0 ? definitions : undefined, runnable, selection };
}

/**
 * The tool loop: model turn → the turn's tool calls run in parallel → results fed back → next
 * turn, until a turn calls no tool (or a tool the host runs itself), or `maxSteps` turns (then
 * `toolLoop.limitReached`). Each turn goes through `turn` (the chat pipeline), so it is routed,
 * retried, cached, accounted and budgeted like any request; the answer sums usage and cost.
 */
export async function chatWithTools(
  ctx: RouterContext,
  request: ChatRequest,
  turn: ChatTurn,
): Promise<ChatResponse> {
  const startedAt = ctx.config.clock.now();
  const prepared = await prepareTools(request);
  const maxSteps = request.maxSteps ?? 1;
  const base = turnRequest(request, prepared);
  const messages: Message[] = [...request.messages];
  const steps: ToolStep[] = [];
  const traces: ToolStepTrace[] = [];
  for (let step = 1; ; step++) {
    const response = await turn(ctx, { ...base, messages: messages.slice() });
    const calls = response.toolCalls;
    const runsAll = runsAllCalls(request, prepared, response);
    if (!runsAll || step >= maxSteps) {
      steps.push({ response, results: [] });
      traces.push(stepTrace(step, response, []));
      const limitReached = runsAll;
      return finishToolLoop(
        ctx,
        response,
        prepared,
        steps,
        traces,
        messages,
        limitReached,
        startedAt,
      );
    }
    const results = await runToolCalls(calls, prepared.runnable, {
      signal: request.signal,
      timeoutMs: request.toolTimeoutMs,
      concurrency: request.toolConcurrency,
      now: () => ctx.config.clock.now(),
    });
    steps.push({ response, results });
    traces.push(stepTrace(step, response, results));
    recordToolResults(ctx, step, results);
    // The assistant turn goes back unchanged, continuation state (signatures) included.
    messages.push(assistantMessage(response), ...results.map((r) => r.message));
  }
}

/** The trace of one turn. */
export function stepTrace(
  step: number,
  response: ChatResponse,
  results: readonly ToolCallOutcome[],
): ToolStepTrace {
  return {
    step,
    provider: response.provider,
    model: response.model,
    calls: results.map((r) => ({
      id: r.call.id,
      name: r.call.name,
      ...(r.error !== undefined && { error: r.error }),
      latencyMs: r.latencyMs,
    })),
  };
}

/** Counts each tool call in the stats and emits its `tool` event. */
export function recordToolResults(
  ctx: RouterContext,
  step: number,
  results: readonly ToolCallOutcome[],
): void {
  for (const r of results) {
    ctx.statistics.recordTool(r.call.name, r.latencyMs, r.error !== undefined);
    if (ctx.events.active)
      ctx.events.emit({
        type: 'tool',
        step,
        toolCallId: r.call.id,
        name: r.call.name,
        error: r.error,
        latencyMs: r.latencyMs,
      });
  }
}

/** `true` when the router runs every call of a turn (none is left to the host). */
export function runsAllCalls(
  request: ChatRequest,
  prepared: PreparedTools,
  response: ChatResponse,
): boolean {
  const calls = response.toolCalls;
  return calls.length > 0 && calls.every((c) => !hostRuns(request, prepared, c.name));
}

/** The request each turn sends: the loop's own fields removed, the prepared tools in. */
export function turnRequest(request: ChatRequest, prepared: PreparedTools): ChatRequest {
  const { maxSteps: _m, toolRegistry: _r, toolDomain: _d, ...rest } = request;
  return { ...rest, tools: prepared.definitions };
}

/** A call the router leaves to the host: a tool given as a plain definition, without `execute`. */
function hostRuns(request: ChatRequest, prepared: PreparedTools, name: string): boolean {
  if (prepared.runnable.has(name)) return false;
  return request.tools?.some((t) => t.name === name) === true;
}

/** The loop's answer: the last turn, with usage, cost and latency of every turn, and the trace. */
export function finishToolLoop(
  ctx: RouterContext,
  last: ChatResponse,
  prepared: PreparedTools,
  steps: readonly ToolStep[],
  traces: readonly ToolStepTrace[],
  messages: Message[],
  limitReached: boolean,
  startedAt: number,
): ChatResponse {
  const selection = prepared.selection;
  const offered = (prepared.definitions ?? []).map((d) => d.name);
  const tools: ToolTrace = {
    offered,
    ...(selection?.domain !== undefined && { domain: selection.domain }),
    schemaTokens: selection?.schemaTokens ?? 0,
    savedTokens: selection?.savedTokens ?? 0,
    steps: traces,
  };
  messages.push(assistantMessage(last));
  let cost: number | undefined = 0;
  for (const s of steps)
    cost =
      cost === undefined || s.response.costUsd === undefined
        ? undefined
        : cost + s.response.costUsd;
  return {
    ...last,
    usage: sumUsage(steps),
    costUsd: cost,
    latencyMs: ctx.config.clock.now() - startedAt,
    route: { ...last.route, tools },
    toolLoop: { steps, messages, limitReached },
  };
}

function sumUsage(steps: readonly ToolStep[]): Usage {
  if (steps.length === 1) return (steps[0] as ToolStep).response.usage;
  let inputTokens = 0;
  let outputTokens = 0;
  let totalTokens = 0;
  for (const { response } of steps) {
    inputTokens += response.usage.inputTokens;
    outputTokens += response.usage.outputTokens;
    totalTokens += response.usage.totalTokens;
  }
  return { inputTokens, outputTokens, totalTokens };
}
