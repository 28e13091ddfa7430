import { abortErrorFrom } from '../errors/abort-error.js';
import { redactSecrets } from '../errors/redact-secrets.js';
import type { ToolCall } from '../provider/tool.js';
import type { Tool } from './define-tool.js';
import type { ToolCallOutcome } from './tool-loop-types.js';

export type { ToolCallOutcome } from './tool-loop-types.js';

const TIMED_OUT: unique symbol = Symbol('timed out');

/** How tool calls run; see {@link runToolCalls}. */
export interface RunToolCallsOptions {
  /** Time allowed for one call when its tool sets none, in milliseconds. Defaults to 30 000 ms. */
  readonly timeoutMs?: number | undefined;
  /** Calls running at once. Defaults to 8. */
  readonly concurrency?: number | undefined;
  /** The request's signal: aborting it aborts every call and rejects with an `AbortError`. */
  readonly signal?: AbortSignal | undefined;
  /** Milliseconds clock. Defaults to `performance.now`. */
  readonly now?: (() => number) | undefined;
  /**
   * Called as each call starts (the router opens its `execute_tool` span here); the function it
   * returns, if any, gets the call's outcome when the call settles. Defaults to none.
   */
  readonly observe?:
    | ((call: ToolCall, tool: Tool | undefined) => ((outcome: ToolCallOutcome) => void) | undefined)
    | undefined;
}

/**
 * Runs a model turn's tool calls in parallel (at most `concurrency` at once), each with its time
 * limit. A call whose tool is unknown, whose arguments fail the tool's zod schema (checked before
 * `execute`), that throws or that times out becomes an error result for the model, never a
 * failure of the whole. Outcomes keep the calls' order.
 *
 * @throws AbortError when `signal` is aborted (before or while the calls run).
 */
export async function runToolCalls(
  calls: readonly ToolCall[],
  tools: ReadonlyMap<string, Tool>,
  options: RunToolCallsOptions = {},
): Promise<ToolCallOutcome[]> {
  const signal = options.signal;
  if (signal?.aborted) throw abortErrorFrom(signal);
  const limit = Math.max(1, options.concurrency ?? 8);
  const outcomes: ToolCallOutcome[] = new Array(calls.length);
  let next = 0;
  const worker = async () => {
    while (next < calls.length) {
      const index = next++;
      const call = calls[index] as ToolCall;
      const settled = options.observe?.(call, tools.get(call.name));
      const outcome = await runOne(call, tools, options);
      settled?.(outcome);
      outcomes[index] = outcome;
    }
  };
  const workers = Array.from({ length: Math.min(limit, calls.length) }, worker);
  if (signal === undefined) {
    await Promise.all(workers);
    return outcomes;
  }
  // Abort wins the race: the tools got the abort through their own signals.
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(abortErrorFrom(signal));
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    await Promise.race([Promise.all(workers), aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort as () => void);
  }
  return outcomes;
}

async function runOne(
  call: ToolCall,
  tools: ReadonlyMap<string, Tool>,
  options: RunToolCallsOptions,
): Promise<ToolCallOutcome> {
  const tool = tools.get(call.name);
  if (tool === undefined) return failed(call, 'unknown-tool', `Unknown tool "${call.name}".`, 0);
  if (call.incomplete)
    return failed(call, 'invalid-arguments', 'The call was cut by the output limit.', 0);
  const parsed = tool.schema.safeParse(call.arguments);
  if (!parsed.success) {
    const detail = parsed.error.issues
      .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
      .join('; ');
    return failed(call, 'invalid-arguments', `Invalid arguments for "${call.name}": ${detail}`, 0);
  }
  const now = options.now ?? (() => performance.now());
  const timeoutMs = tool.timeoutMs ?? options.timeoutMs ?? 30_000;
  const controller = new AbortController();
  const outer = options.signal;
  const onOuterAbort = () => controller.abort(outer?.reason);
  outer?.addEventListener('abort', onOuterAbort, { once: true });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => {
      controller.abort(new Error(`tool ${call.name} timed out`));
      resolve(TIMED_OUT);
    }, timeoutMs);
  });
  const startedAt = now();
  try {
    const run = Promise.resolve().then(() =>
      tool.execute(parsed.data, { signal: controller.signal, toolCallId: call.id }),
    );
    const result = await Promise.race([run, timedOut]);
    const latencyMs = now() - startedAt;
    if (result === TIMED_OUT && controller.signal.aborted && !outer?.aborted) {
      run.catch(() => {});
      return failed(
        call,
        'timeout',
        `Tool "${call.name}" timed out after ${timeoutMs} ms.`,
        latencyMs,
      );
    }
    return {
      call,
      latencyMs,
      message: { role: 'tool', toolCallId: call.id, name: call.name, content: serialise(result) },
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return failed(
      call,
      'threw',
      `Tool "${call.name}" failed: ${redactSecrets(message)}`,
      now() - startedAt,
    );
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', onOuterAbort);
  }
}

function failed(
  call: ToolCall,
  error: NonNullable<ToolCallOutcome['error']>,
  text: string,
  latencyMs: number,
): ToolCallOutcome {
  return {
    call,
    error,
    latencyMs,
    message: {
      role: 'tool',
      toolCallId: call.id,
      name: call.name,
      content: JSON.stringify({ error: text }),
      isError: true,
    },
  };
}

function serialise(result: unknown): string {
  if (typeof result === 'string') return result;
  return JSON.stringify(result ?? null);
}
