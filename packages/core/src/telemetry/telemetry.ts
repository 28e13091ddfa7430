import { createRequire } from 'node:module';
import type { SwitchyardError } from '../errors/switchyard-error.js';
import type { ChatRequest } from '../provider/chat-request.js';
import type { ChatResponse } from '../provider/chat-response.js';
import type { ProviderResponse } from '../provider/provider.js';
import type { ToolCall } from '../provider/tool.js';
import type { ToolCallOutcome } from '../tools/tool-loop-types.js';

/** An OpenTelemetry attribute value. */
// Mutable arrays, like OpenTelemetry's own type, so its Tracer and Span satisfy these interfaces.
export type AttributeValue = string | number | boolean | string[] | number[];

/** The parts of an OpenTelemetry `Span` the router uses. */
export interface SpanLike {
  setAttribute(key: string, value: AttributeValue): unknown;
  setStatus(status: { code: number; message?: string }): unknown;
  recordException(exception: Error): unknown;
  end(): void;
}

/** The parts of an OpenTelemetry `Tracer` the router uses (`trace.getTracer(...)` returns one). */
export interface TracerLike {
  startSpan(
    name: string,
    options?: { kind?: number; attributes?: Record<string, AttributeValue> },
    context?: unknown,
  ): SpanLike;
}

/** OpenTelemetry settings. */
export interface TelemetryOptions {
  /** The tracer spans are created with. Defaults to `trace.getTracer('@switchyard/core')`. */
  readonly tracer?: TracerLike | undefined;
  /**
   * Whether prompts and completions go into span attributes (`gen_ai.input.messages`,
   * `gen_ai.output.messages`). They may hold personal data. Defaults to `false`.
   */
  readonly recordContent?: boolean | undefined;
}

interface OtelApi {
  trace: {
    getTracer(name: string): TracerLike;
    setSpan(context: unknown, span: SpanLike): unknown;
  };
  context: { active(): unknown; with<T>(context: unknown, fn: () => T): T };
}

// Numeric values of OpenTelemetry's SpanKind and SpanStatusCode enums (stable API 1.x).
const SPAN_KIND_INTERNAL = 0;
const SPAN_KIND_CLIENT = 2;
const STATUS_OK = 1;
const STATUS_ERROR = 2;

// Provider ids as the GenAI semantic conventions name the systems.
const SYSTEMS: Readonly<Record<string, string>> = {
  openai: 'openai',
  anthropic: 'anthropic',
  google: 'gcp.gemini',
  groq: 'groq',
};

/** The GenAI operation a span covers (`gen_ai.operation.name`). */
export type GenAIOperation = 'chat' | 'embeddings';

/** A request's span, the context its attempts are parented on, and what it covers. */
export interface RequestSpan {
  readonly span: SpanLike;
  readonly context: unknown;
  readonly operation: GenAIOperation;
}

/**
 * Spans for the router, following the OpenTelemetry GenAI semantic conventions: one span per
 * request (`switchyard.route` attributes, cache status, the answer's usage and cost) and one
 * CLIENT span per attempt (`gen_ai.*`: system, models, request parameters, usage, finish reasons,
 * `error.type`). With `maxSteps`, one request span covers the whole tool loop: each model turn's
 * request span and one `execute_tool {name}` span per tool call are its children. No prompt,
 * completion, tool argument or tool result text unless `recordContent` is set.
 */
export class Telemetry {
  private constructor(
    private readonly api: OtelApi,
    private readonly tracer: TracerLike,
    private readonly recordContent: boolean,
  ) {}

  /** Loads `@opentelemetry/api` (an optional peer dependency); `undefined` when it is not installed. */
  static create(options: TelemetryOptions): Telemetry | undefined {
    let api: OtelApi;
    try {
      api = createRequire(import.meta.url)('@opentelemetry/api') as OtelApi;
    } catch {
      return undefined;
    }
    return new Telemetry(
      api,
      options.tracer ?? api.trace.getTracer('@switchyard/core'),
      options.recordContent ?? false,
    );
  }

  /**
   * Opens a request's span: `chat {model}` (or `chat auto` when the router chooses), or
   * `embeddings {model}` for `router.embed`, whose attempts are then `embeddings` spans too.
   */
  startRequest(
    request: ChatRequest,
    streamed: boolean,
    operation: GenAIOperation = 'chat',
  ): RequestSpan {
    const requested = request.model === undefined ? 'auto' : [request.model].flat().join(',');
    const span = this.tracer.startSpan(`${operation} ${requested}`, {
      kind: SPAN_KIND_INTERNAL,
      attributes: compact({
        'gen_ai.operation.name': operation,
        'gen_ai.request.model': requested,
        'switchyard.stream': operation === 'chat' ? streamed : undefined,
        'switchyard.tenant': request.tenant,
        'switchyard.session.id': request.sessionId,
      }),
    });
    return { span, context: this.api.trace.setSpan(this.api.context.active(), span), operation };
  }

  endRequest(parent: RequestSpan, outcome: ChatResponse | SwitchyardError): void {
    const { span } = parent;
    const route = 'route' in outcome ? outcome.route : undefined;
    if (route !== undefined) {
      setAll(span, {
        'switchyard.route.tier': route.tier,
        'switchyard.route.category': route.category,
        'switchyard.route.intent': route.intent,
        'switchyard.route.complexity': route.complexity,
        'switchyard.route.candidates':
          route.candidates.length > 0 ? [...route.candidates] : undefined,
        'switchyard.route.attempts': route.attempts.length,
        'switchyard.route.reason': route.reason,
        'switchyard.cache': route.cache,
      });
    }
    if (isResponse(outcome)) {
      const chat = parent.operation === 'chat';
      setAll(span, {
        'gen_ai.provider.name': SYSTEMS[outcome.provider] ?? outcome.provider,
        'gen_ai.response.model': outcome.model,
        'gen_ai.usage.input_tokens': outcome.usage.inputTokens,
        'gen_ai.usage.output_tokens': chat ? outcome.usage.outputTokens : undefined,
        'gen_ai.response.finish_reasons': chat ? [outcome.finishReason] : undefined,
        'switchyard.cached': outcome.cached,
        'switchyard.cost_usd': outcome.costUsd,
      });
      span.setStatus({ code: STATUS_OK });
    } else {
      fail(span, outcome);
    }
    span.end();
  }

  startAttempt(
    parent: RequestSpan,
    providerId: string,
    model: string,
    request: ChatRequest,
    retry: number,
  ): SpanLike {
    const system = SYSTEMS[providerId] ?? providerId;
    const operation = parent.operation;
    const span = this.tracer.startSpan(
      `${operation} ${model}`,
      {
        kind: SPAN_KIND_CLIENT,
        attributes: compact({
          'gen_ai.operation.name': operation,
          'gen_ai.provider.name': system,
          'gen_ai.system': system,
          'gen_ai.request.model': model,
          'gen_ai.request.temperature': request.temperature,
          'gen_ai.request.top_p': request.topP,
          'gen_ai.request.max_tokens': request.maxTokens,
          'gen_ai.request.seed': request.seed,
          'switchyard.attempt.retry': retry,
          'gen_ai.input.messages':
            this.recordContent && operation === 'chat'
              ? JSON.stringify(request.messages)
              : undefined,
        }),
      },
      parent.context,
    );
    return span;
  }

  /** Runs `fn` with `parent` as the active span: spans `fn` starts (a turn's request span) are its children. */
  within<T>(parent: RequestSpan, fn: () => T): T {
    return this.api.context.with(parent.context, fn);
  }

  /**
   * One tool call's span (GenAI semantic conventions, `execute_tool`): INTERNAL, a child of the
   * request span, named `execute_tool {gen_ai.tool.name}`.
   */
  startTool(parent: RequestSpan, call: ToolCall, description: string | undefined): SpanLike {
    return this.tracer.startSpan(
      `execute_tool ${call.name}`,
      {
        kind: SPAN_KIND_INTERNAL,
        attributes: compact({
          'gen_ai.operation.name': 'execute_tool',
          'gen_ai.tool.name': call.name,
          'gen_ai.tool.call.id': call.id,
          'gen_ai.tool.type': 'function',
          'gen_ai.tool.description': description,
          'gen_ai.tool.call.arguments': this.recordContent
            ? JSON.stringify(call.arguments)
            : undefined,
        }),
      },
      parent.context,
    );
  }

  /** Ends a tool call's span: OK, or ERROR with `error.type` (`threw`, `timeout`, `invalid-arguments`, `unknown-tool`). */
  endTool(span: SpanLike, outcome: ToolCallOutcome): void {
    if (this.recordContent) span.setAttribute('gen_ai.tool.call.result', outcome.message.content);
    if (outcome.error === undefined) {
      span.setStatus({ code: STATUS_OK });
    } else {
      span.setAttribute('error.type', outcome.error);
      // The message the model got (secrets already redacted), not the thrown error itself.
      span.setStatus({ code: STATUS_ERROR, message: errorText(outcome.message.content) });
    }
    span.end();
  }

  endAttempt(
    span: SpanLike,
    outcome: ProviderResponse | SwitchyardError,
    operation: GenAIOperation = 'chat',
  ): void {
    if ('kind' in outcome) {
      fail(span, outcome);
    } else {
      const chat = operation === 'chat';
      setAll(span, {
        'gen_ai.response.model': outcome.model,
        'gen_ai.response.id': outcome.id,
        'gen_ai.response.finish_reasons': chat ? [outcome.finishReason] : undefined,
        'gen_ai.usage.input_tokens': outcome.usage.inputTokens,
        'gen_ai.usage.output_tokens': chat ? outcome.usage.outputTokens : undefined,
        'gen_ai.output.messages':
          this.recordContent && chat
            ? JSON.stringify([
                { role: 'assistant', content: outcome.text, toolCalls: outcome.toolCalls },
              ])
            : undefined,
      });
      span.setStatus({ code: STATUS_OK });
    }
    span.end();
  }
}

function errorText(content: string): string {
  try {
    const parsed = JSON.parse(content) as { error?: unknown };
    return typeof parsed.error === 'string' ? parsed.error : content;
  } catch {
    return content;
  }
}

function isResponse(outcome: ChatResponse | SwitchyardError): outcome is ChatResponse {
  return !('kind' in outcome);
}

function fail(span: SpanLike, error: SwitchyardError): void {
  span.setAttribute('error.type', error.kind);
  if (error.status !== undefined) span.setAttribute('http.response.status_code', error.status);
  span.recordException(error);
  span.setStatus({ code: STATUS_ERROR, message: error.message });
}

function setAll(span: SpanLike, attributes: Record<string, AttributeValue | undefined>): void {
  for (const [key, value] of Object.entries(attributes))
    if (value !== undefined) span.setAttribute(key, value);
}

function compact(
  attributes: Record<string, AttributeValue | undefined>,
): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  for (const [key, value] of Object.entries(attributes)) if (value !== undefined) out[key] = value;
  return out;
}
