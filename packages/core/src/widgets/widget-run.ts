import { lastUserText } from '../classify/classifier-runner.js';
import { AbortError } from '../errors/abort-error.js';
import { NoProviderAvailableError } from '../errors/no-provider-available-error.js';
import { InvalidRequestError } from '../errors/provider-errors.js';
import { SwitchyardError } from '../errors/switchyard-error.js';
import type { ChatRequest } from '../provider/chat-request.js';
import type { ChatResponse } from '../provider/chat-response.js';
import type { Message } from '../provider/messages.js';
import type { StreamEvent } from '../provider/stream-event.js';
import type { Router } from '../router/router.js';
import { routerInternals } from '../router/router-internals.js';
import type { ExtractionRecord } from '../usage/extraction-record.js';
import type { WidgetService } from './define-widget.js';
import { extractJson } from './extract-json.js';
import type { WidgetAttempt, WidgetAttemptStage, WidgetOutputMode } from './widget-attempt.js';
import { WidgetExtractionError } from './widget-extraction-error.js';
import { formatIssue, type WidgetIssue } from './widget-issue.js';
import {
  extractionInput,
  extractionPrompt,
  jsonInstructions,
  repairInstructions,
  toolNameOf,
} from './widget-prompts.js';
import type { WidgetRequest, WidgetResult, WidgetStreamEvent } from './widget-result.js';

/** A call whose answer is validated: its conversation and the models it goes to. */
interface ValidatedCall {
  readonly messages: readonly Message[];
  readonly model: string | readonly string[] | undefined;
  /** Overrides the request's cache mode for this call. */
  readonly cache?: 'refresh' | undefined;
}

interface Evaluation {
  readonly rawText: string;
  readonly data: unknown;
  readonly issues: readonly WidgetIssue[];
}

/**
 * One request through one widget service: the answer call (streamed or not), then extraction,
 * validation, one repair and one escalation, then the result or a `WidgetExtractionError`.
 * Reports the outcome to the router once.
 */
export class WidgetRun {
  /** How the validated call asks for data; `native` drops to `tool-call` when it must. */
  private mode: WidgetOutputMode;
  private readonly attempts: WidgetAttempt[] = [];
  /** Answers whose JSON parsed only after a local repair (no model call). */
  private localRepairs = 0;
  private readonly extractionContext = {
    noteLocalRepair: () => {
      this.localRepairs += 1;
    },
  };

  constructor(
    private readonly router: Router,
    private readonly service: WidgetService,
    private readonly request: WidgetRequest,
    private readonly intent: string | undefined,
  ) {
    const strategy = service.strategy;
    this.mode =
      strategy === 'native' ? 'response-format' : strategy === 'tool' ? 'tool-call' : 'text';
  }

  async chat(): Promise<WidgetResult> {
    const main = this.mainCall();
    const answer = await this.send(main, 'initial', this.answerMode());
    return this.complete(main, answer);
  }

  async *stream(): AsyncGenerator<WidgetStreamEvent, void, undefined> {
    const main = this.mainCall();
    let iterator = this.router
      .stream(this.chatRequest(main, 'initial', this.answerMode()))
      [Symbol.asyncIterator]();
    let answer: ChatResponse | undefined;
    try {
      let next: IteratorResult<StreamEvent>;
      try {
        next = await iterator.next();
      } catch (error) {
        if (!this.dropToToolCall(error)) throw error;
        iterator = this.router
          .stream(this.chatRequest(main, 'initial', this.answerMode()))
          [Symbol.asyncIterator]();
        next = await iterator.next();
      }
      for (; !next.done; next = await iterator.next()) {
        const event = next.value;
        if (event.type === 'finish') answer = event.response;
        else if (event.type === 'start') yield { ...event, widget: this.service.name };
        // Widget requests never run a tool loop, so its events cannot come.
        else if (event.type !== 'tool-result' && event.type !== 'step-finish') yield event;
      }
    } finally {
      if (answer === undefined) await iterator.return?.();
    }
    if (answer === undefined) return; // the router always ends with finish or throws
    yield { type: 'finish', ...(await this.complete(main, answer)) };
  }

  /** The answer call: the widget's prompt and the conversation, on the widget's model. */
  private mainCall(): ValidatedCall {
    const service = this.service;
    const system =
      service.strategy === 'json'
        ? `${service.prompt}\n${jsonInstructions(service)}`
        : service.prompt;
    return {
      messages: [{ role: 'system', content: system }, ...this.request.messages],
      model: service.model,
    };
  }

  /** The answer call's output mode: the validated mode, except for `tool` (prose first). */
  private answerMode(): WidgetOutputMode {
    return this.service.strategy === 'tool' ? 'text' : this.mode;
  }

  private async complete(main: ValidatedCall, answer: ChatResponse): Promise<WidgetResult> {
    const service = this.service;
    if (service.strategy === 'none') return this.result(answer, undefined);

    let call = main;
    let output = answer;
    if (service.strategy === 'tool') {
      call = {
        messages: [
          { role: 'system', content: extractionPrompt(service) },
          {
            role: 'user',
            content: extractionInput(lastUserText(this.request.messages), answer.text),
          },
        ],
        model: service.extractionModel,
      };
      output = await this.send(call, 'initial', this.mode);
    }

    let first = await this.evaluate(output);
    this.record('initial', output, first);
    if (first.issues.length === 0) return this.accept(answer, output, first);
    if (output.cached) {
      // A cached answer that fails validation is stale: fetch it anew, which also replaces the
      // bad entry and gives a route to escalate along, before spending a repair on it.
      const fresh = await this.attempt('initial', { ...call, cache: 'refresh' });
      if (fresh !== undefined) {
        if (fresh.evaluation.issues.length === 0) {
          return this.accept(
            service.strategy === 'tool' ? answer : fresh.response,
            fresh.response,
            fresh.evaluation,
          );
        }
        output = fresh.response;
        first = fresh.evaluation;
      }
    }

    let latest = output;
    let evaluation = first;
    const repaired = await this.attempt('repair', {
      messages: [
        ...call.messages,
        { role: 'assistant', content: first.rawText },
        { role: 'user', content: repairInstructions(service, first.issues, this.mode) },
      ],
      model: pinFirst(answeredRef(output), call.model),
    });
    if (repaired !== undefined) {
      if (repaired.evaluation.issues.length === 0)
        return this.accept(answer, repaired.response, repaired.evaluation);
      latest = repaired.response;
      evaluation = repaired.evaluation;
    }

    const target = this.escalationTarget(latest);
    if (target !== undefined) {
      const escalated = await this.attempt('escalation', {
        messages: call.messages,
        model: target,
      });
      if (escalated !== undefined && escalated.evaluation.issues.length === 0)
        return this.accept(answer, escalated.response, escalated.evaluation);
      if (escalated !== undefined) evaluation = escalated.evaluation;
    }
    this.report(false, evaluation.issues);
    throw new WidgetExtractionError(service.name, this.attempts);
  }

  /** A repair or escalation: its call failing is recorded, not thrown (aborts and mistakes are). */
  private async attempt(
    stage: WidgetAttemptStage,
    call: ValidatedCall,
  ): Promise<{ response: ChatResponse; evaluation: Evaluation } | undefined> {
    let response: ChatResponse;
    try {
      response = await this.send(call, stage, this.mode);
    } catch (error) {
      if (AbortError.isInstance(error) || InvalidRequestError.isInstance(error)) throw error;
      this.attempts.push({
        stage,
        mode: this.mode,
        model: undefined,
        success: false,
        rawText: '',
        issues: [],
        response: undefined,
        error: SwitchyardError.isInstance(error)
          ? error
          : new SwitchyardError(String(error), 'unknown', false, { cause: error }),
      });
      return undefined;
    }
    const evaluation = await this.evaluate(response);
    this.record(stage, response, evaluation);
    return { response, evaluation };
  }

  /** Sends one call; `native` retries once as a forced tool call when no candidate takes schemas. */
  private async send(
    call: ValidatedCall,
    stage: WidgetAttemptStage,
    mode: WidgetOutputMode,
  ): Promise<ChatResponse> {
    try {
      return await this.router.chat(this.chatRequest(call, stage, mode));
    } catch (error) {
      if (mode !== 'response-format' || !this.dropToToolCall(error)) throw error;
      return this.router.chat(this.chatRequest(call, stage, this.mode));
    }
  }

  /**
   * Whether a failure says only that no candidate supports JSON Schema output; if so, switches
   * this run to forced tool calls.
   */
  private dropToToolCall(error: unknown): boolean {
    if (this.mode !== 'response-format' || !NoProviderAvailableError.isInstance(error))
      return false;
    const { attempts } = error;
    const onlyCapability =
      attempts.length > 0 &&
      attempts.every((a) => a.outcome === 'skipped' && a.skipReason === 'capability');
    if (onlyCapability) this.mode = 'tool-call';
    return onlyCapability;
  }

  private chatRequest(
    call: ValidatedCall,
    stage: WidgetAttemptStage,
    mode: WidgetOutputMode,
  ): ChatRequest {
    const {
      messages: _messages,
      model: _model,
      responseFormat: _responseFormat,
      tools: _tools,
      toolChoice: _toolChoice,
      metadata,
      intent,
      temperature,
      maxTokens,
      ...passThrough
    } = this.request as ChatRequest;
    const service = this.service;
    const request: ChatRequest = {
      ...passThrough,
      messages: call.messages,
      model: call.model,
      ...(call.cache === undefined ? {} : { cache: call.cache }),
      intent: this.intent ?? intent,
      temperature: temperature ?? service.temperature,
      maxTokens: maxTokens ?? service.maxTokens,
      metadata: { ...metadata, widget: service.name, widgetStage: stage },
    };
    const schema = service.jsonSchema;
    if (schema === undefined || mode === 'text') return request;
    const name = toolNameOf(service);
    if (mode === 'response-format') {
      return {
        ...request,
        responseFormat: {
          type: 'json',
          schema: schema.schema,
          name,
          description: service.description,
          strict: schema.strict,
        },
      };
    }
    return {
      ...request,
      tools: [{ name, description: service.description, parameters: schema.schema }],
      toolChoice: { name },
    };
  }

  private async evaluate(response: ChatResponse): Promise<Evaluation> {
    const service = this.service;
    let value: unknown;
    let rawText = response.text;
    if (service.strategy === 'custom' && service.extract !== undefined) {
      try {
        value = await service.extract(response.text, response, this.extractionContext);
      } catch (error) {
        return { rawText, data: undefined, issues: [{ path: [], message: messageOf(error) }] };
      }
    } else {
      const name = toolNameOf(service);
      const call =
        this.mode === 'tool-call'
          ? (response.toolCalls.find((c) => c.name === name) ?? response.toolCalls[0])
          : undefined;
      if (call !== undefined) {
        value = call.arguments;
        rawText = JSON.stringify(call.arguments);
      } else {
        const found = extractJson(response.text);
        if (!found.ok) {
          const message =
            this.mode === 'tool-call' && response.text.trim() === ''
              ? `The answer did not call \`${name}\`.`
              : found.error;
          return { rawText, data: undefined, issues: [{ path: [], message }] };
        }
        value = found.value;
        if (found.repaired === true) this.localRepairs += 1;
      }
    }
    const parsed = await service.parse(value);
    return parsed.success
      ? { rawText, data: parsed.data, issues: [] }
      : { rawText, data: undefined, issues: parsed.issues };
  }

  private record(stage: WidgetAttemptStage, response: ChatResponse, evaluation: Evaluation): void {
    this.attempts.push({
      stage,
      mode: this.mode,
      model: answeredRef(response),
      success: evaluation.issues.length === 0,
      rawText: evaluation.rawText,
      issues: evaluation.issues,
      response,
      error: undefined,
    });
  }

  /**
   * The escalation's models: the widget's `escalateTo`, else the candidates after the one that
   * answered last, in that route's order.
   */
  private escalationTarget(latest: ChatResponse): string | readonly string[] | undefined {
    const configured = this.service.escalateTo;
    if (configured === false) return undefined;
    if (configured !== undefined) return configured;
    const candidates = latest.route.candidates;
    const index = candidates.indexOf(answeredRef(latest));
    if (index < 0 || index === candidates.length - 1) return undefined;
    return candidates.slice(index + 1);
  }

  private accept(answer: ChatResponse, output: ChatResponse, evaluation: Evaluation): WidgetResult {
    this.report(true, undefined);
    // For `tool`, the user reads the prose answer; otherwise the answer is what validated.
    return this.result(this.service.strategy === 'tool' ? answer : output, evaluation.data);
  }

  private result(response: ChatResponse, data: unknown): WidgetResult {
    return {
      widget: this.service.name,
      data,
      text: response.text,
      response,
      intent: this.intent,
      attempts: this.attempts,
    };
  }

  private report(success: boolean, issues: readonly WidgetIssue[] | undefined): void {
    const record: ExtractionRecord = {
      widget: this.service.name,
      success,
      attempts: this.attempts.length,
      strategy: this.service.strategy,
      issues: issues?.map(formatIssue),
      localRepairs: this.localRepairs,
    };
    routerInternals(this.router)?.recordExtraction(record);
  }
}

/**
 * The `provider:model` that answered a response: the last successful attempt of its route, or
 * (for an answer without attempts, such as a cached one) the provider and model it reports.
 */
function answeredRef(response: ChatResponse): string {
  const attempts = response.route.attempts;
  for (let i = attempts.length - 1; i >= 0; i--) {
    const attempt = attempts[i];
    if (attempt?.outcome === 'success') return `${attempt.provider}:${attempt.model}`;
  }
  return `${response.provider}:${response.model}`;
}

/** `first`, then the call's own models as fallbacks (the router drops duplicates). */
function pinFirst(
  first: string,
  models: string | readonly string[] | undefined,
): string | readonly string[] {
  if (models === undefined) return first;
  return [first, ...(typeof models === 'string' ? [models] : models)];
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
