import type { BudgetExceededError } from '../errors/budget-exceeded-error.js';
import type { ToolCallOutcome } from '../tools/tool-loop-types.js';
import type { ProviderContinuation, ProviderMetadata } from './continuation.js';
import type { FinishReason } from './finish-reason.js';
import type { Message } from './messages.js';
import type { RouteTrace } from './route-trace.js';
import type { ToolCall } from './tool.js';
import type { Usage } from './usage.js';

/** The answer to `router.chat()`, and the `response` of a stream's `finish` event. */
export interface ChatResponse {
  /** The generated text (empty when the model only called tools). */
  readonly text: string;
  /** Tool calls the model made. */
  readonly toolCalls: readonly ToolCall[];
  /**
   * The model's reasoning text (Claude thinking, Gemini thought summaries, `reasoning_content`),
   * when the vendor returned it. Never part of `text`; not kept by the response cache.
   */
  readonly reasoning?: string | undefined;
  /**
   * Vendor state the next turn needs (signed thinking blocks): keep it on the assistant message
   * ({@link assistantMessage}). Absent when there is none.
   */
  readonly continuation?: ProviderContinuation | undefined;
  /** Citations and server-tool results, keyed by vendor; see each adapter. Absent when none. */
  readonly providerMetadata?: ProviderMetadata | undefined;
  readonly finishReason: FinishReason;
  /** The vendor's own finish reason. */
  readonly rawFinishReason?: string | undefined;
  readonly usage: Usage;
  /** Cost in US dollars from the price table; `undefined` when the model has no price; 0 when cached. */
  readonly costUsd: number | undefined;
  /** The provider that answered. */
  readonly provider: string;
  /** The model that answered (the vendor's reported id when it gave one). */
  readonly model: string;
  /** `true` when the answer came from the response cache. */
  readonly cached: boolean;
  /** Wall time of the whole request, in milliseconds. */
  readonly latencyMs: number;
  /** The vendor's response id. */
  readonly id?: string | undefined;
  /** The decision trace. */
  readonly route: RouteTrace;
  /**
   * What the tool loop did (`maxSteps` requests): every turn, the conversation, and whether the
   * step limit was hit. `usage` and `costUsd` then cover every turn. Absent otherwise.
   */
  readonly toolLoop?: ToolLoopResult | undefined;
}

/** One model turn of a tool loop and the tool results it led to. */
export interface ToolStep {
  readonly response: ChatResponse;
  readonly results: readonly ToolCallOutcome[];
}

/** What a tool loop did, on the final `ChatResponse` as `toolLoop`. */
export interface ToolLoopResult {
  /** Every model turn in order; the last one is the response itself. */
  readonly steps: readonly ToolStep[];
  /** The conversation at the end: the request's messages, then each turn and its tool results. */
  readonly messages: readonly Message[];
  /**
   * `true` when `maxSteps` model turns were used and the last one still called tools (they were
   * not run): the response is that turn, not a final answer.
   */
  readonly limitReached: boolean;
  /**
   * Why the loop ended: `answered` (a turn called no tool), `host-tools` (a turn called a tool
   * given without `execute`, yours to run), `max-steps` (as `limitReached`), or `budget` (a budget
   * refused a later turn: the response is the last turn that ran, whose tool results are the end
   * of `messages`, unanswered).
   */
  readonly stopReason: ToolLoopStop;
  /** The budget's refusal, when `stopReason` is `budget`. */
  readonly budgetError?: BudgetExceededError | undefined;
}

/** Why a tool loop ended; see {@link ToolLoopResult.stopReason}. */
export type ToolLoopStop = 'answered' | 'host-tools' | 'max-steps' | 'budget';
