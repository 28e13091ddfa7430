import { SharedClassification } from '../classify/classifier-runner.js';
import { AbortError } from '../errors/abort-error.js';
import { BudgetExceededError } from '../errors/budget-exceeded-error.js';
import { SwitchyardError } from '../errors/switchyard-error.js';
import { assistantMessage } from '../provider/assistant-message.js';
import type { ChatRequest } from '../provider/chat-request.js';
import type { ChatResponse, ToolLoopStop, ToolStep } from '../provider/chat-response.js';
import type { Message } from '../provider/messages.js';
import type { Usage } from '../provider/usage.js';
import { normalizeError } from '../router/normalize-error.js';
import type { RouterContext } from '../router/router-context.js';
import type { RequestSpan } from '../telemetry/telemetry.js';
import { runToolCalls } from './run-tool-calls.js';
import type { ToolCallOutcome, ToolStepTrace, ToolTrace } from './tool-loop-types.js';
import { type PreparedTools, prepareTools } from './tool-prepare.js';

/**
 * One tool loop, shared by `chatWithTools` and `streamWithTools`: the prepared tools, the
 * conversation so far, each turn's response, results and trace, the loop's span, and the rules
 * that end it. The callers only differ in how a turn is read (awaited or streamed).
 */
export class ToolLoopRun {
  /** The current model turn, from 1 (0 before the first). */
  step = 0;
  private readonly messages: Message[];
  private readonly steps: ToolStep[] = [];
  private readonly traces: ToolStepTrace[] = [];
  private readonly base: ChatRequest;
  private readonly maxSteps: number;
  private ended = false;
  /** One classification for every turn (and the registry's domain): decision 100. */
  private readonly classification: SharedClassification;

  private constructor(
    private readonly ctx: RouterContext,
    private readonly request: ChatRequest,
    private readonly prepared: PreparedTools,
    private readonly span: RequestSpan | undefined,
    private readonly startedAt: number,
    classification: SharedClassification,
  ) {
    this.classification = classification;
    this.maxSteps = request.maxSteps ?? 1;
    this.messages = [...request.messages];
    const { maxSteps: _m, toolRegistry: _r, toolDomain: _d, ...rest } = request;
    this.base = { ...rest, tools: prepared.definitions };
  }

  /**
   * Prepares the tools (a registry's domain loaded once, maybe chosen by the classifier) and,
   * with telemetry, opens the request span that covers every turn and tool call.
   */
  static async start(
    ctx: RouterContext,
    request: ChatRequest,
    streamed: boolean,
  ): Promise<ToolLoopRun> {
    const startedAt = ctx.config.clock.now();
    const telemetry = ctx.telemetry;
    const span = telemetry?.startRequest(request, streamed);
    span?.span.setAttribute('switchyard.tool_loop.max_steps', request.maxSteps ?? 1);
    try {
      const classification = new SharedClassification();
      const prepared = await prepareTools(ctx, request, classification);
      return new ToolLoopRun(ctx, request, prepared, span, startedAt, classification);
    } catch (error) {
      if (span !== undefined) telemetry?.endRequest(span, asSwitchyardError(error));
      throw error;
    }
  }

  /** The next turn's request: the loop's own fields removed, the prepared tools in. */
  next(): ChatRequest {
    this.step += 1;
    return this.classification.link({ ...this.base, messages: this.messages.slice() });
  }

  /** Runs `fn` (a turn, or one read of a streamed turn) under the loop's span. */
  within<T>(fn: () => T): T {
    const span = this.span;
    return span === undefined ? fn() : (this.ctx.telemetry?.within(span, fn) ?? fn());
  }

  /**
   * After a turn: the loop's answer when it ends there (no call, a call the host runs, or the
   * `maxSteps`-th turn still calling tools); `undefined` when its calls are to run.
   */
  settle(response: ChatResponse): ChatResponse | undefined {
    const calls = response.toolCalls;
    const runsAll = calls.length > 0 && calls.every((c) => !this.hostRuns(c.name));
    if (runsAll && this.step < this.maxSteps) return undefined;
    this.steps.push({ response, results: [] });
    this.traces.push(stepTrace(this.step, response, []));
    this.messages.push(assistantMessage(response));
    const stop: ToolLoopStop = runsAll ? 'max-steps' : calls.length > 0 ? 'host-tools' : 'answered';
    return this.finish(response, stop, undefined);
  }

  /**
   * A turn after the first refused by a budget: the loop ends with the turns so far (the last
   * one's tool results unanswered, in `toolLoop.messages`). Anything else is rethrown.
   */
  budgetStop(error: unknown): ChatResponse {
    const last = this.steps.at(-1)?.response;
    if (!BudgetExceededError.isInstance(error) || last === undefined) throw error;
    return this.finish(last, 'budget', error);
  }

  /** Runs a turn's tool calls in parallel; records them (stats, events, spans, the conversation). */
  async runTools(response: ChatResponse): Promise<readonly ToolCallOutcome[]> {
    const { ctx, request, span, step } = this;
    const telemetry = ctx.telemetry;
    const results = await runToolCalls(response.toolCalls, this.prepared.runnable, {
      signal: request.signal,
      timeoutMs: request.toolTimeoutMs,
      concurrency: request.toolConcurrency,
      now: () => ctx.config.clock.now(),
      observe:
        span === undefined || telemetry === undefined
          ? undefined
          : (call, tool) => {
              const toolSpan = telemetry.startTool(span, call, tool?.description);
              return (outcome) => telemetry.endTool(toolSpan, outcome);
            },
    });
    this.steps.push({ response, results });
    this.traces.push(stepTrace(step, response, results));
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
    // The assistant turn goes back unchanged, continuation state (signatures) included.
    this.messages.push(assistantMessage(response), ...results.map((r) => r.message));
    return results;
  }

  /** Ends the loop's span with a failure (no-op once it ended). */
  fail(error: unknown): void {
    this.endSpan(asSwitchyardError(error));
  }

  /** Ends the loop's span of a stream its consumer stopped reading (no-op once it ended). */
  abandon(): void {
    this.endSpan(new AbortError('The stream was closed by its consumer.'));
  }

  /** A call the router leaves to the host: a tool given as a plain definition, without `execute`. */
  private hostRuns(name: string): boolean {
    if (this.prepared.runnable.has(name)) return false;
    return this.request.tools?.some((t) => t.name === name) === true;
  }

  /** The loop's answer: the last turn, with usage, cost and latency of every turn, and the trace. */
  private finish(
    last: ChatResponse,
    stopReason: ToolLoopStop,
    budgetError: BudgetExceededError | undefined,
  ): ChatResponse {
    const { prepared, steps } = this;
    const selection = prepared.selection;
    const tools: ToolTrace = {
      offered: (prepared.definitions ?? []).map((d) => d.name),
      ...(selection?.domain !== undefined && { domain: selection.domain }),
      ...(prepared.domainSource !== undefined && { domainSource: prepared.domainSource }),
      schemaTokens: selection?.schemaTokens ?? 0,
      savedTokens: selection?.savedTokens ?? 0,
      steps: this.traces,
    };
    let cost: number | undefined = 0;
    for (const s of steps)
      cost =
        cost === undefined || s.response.costUsd === undefined
          ? undefined
          : cost + s.response.costUsd;
    const answer: ChatResponse = {
      ...last,
      usage: sumUsage(steps),
      costUsd: cost,
      latencyMs: this.ctx.config.clock.now() - this.startedAt,
      route: { ...last.route, tools },
      toolLoop: {
        steps,
        messages: this.messages,
        limitReached: stopReason === 'max-steps',
        stopReason,
        ...(budgetError !== undefined && { budgetError }),
      },
    };
    const span = this.span;
    if (span !== undefined && !this.ended) {
      span.span.setAttribute('switchyard.tool_loop.steps', steps.length);
      span.span.setAttribute('switchyard.tool_loop.stop_reason', stopReason);
    }
    this.endSpan(answer);
    return answer;
  }

  private endSpan(outcome: ChatResponse | SwitchyardError): void {
    if (this.ended) return;
    this.ended = true;
    this.classification.release();
    if (this.span !== undefined) this.ctx.telemetry?.endRequest(this.span, outcome);
  }
}

/** The trace of one turn. */
function stepTrace(
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

function asSwitchyardError(error: unknown): SwitchyardError {
  return SwitchyardError.isInstance(error) ? error : normalizeError(error, undefined);
}
