import { lastUserText } from '../classify/classifier-runner.js';
import { ConfigError } from '../errors/config-error.js';
import { InvalidRequestError } from '../errors/provider-errors.js';
import type { ChatRequest } from '../provider/chat-request.js';
import type { ChatResponse } from '../provider/chat-response.js';
import type { Outcome } from './outcome.js';
import type { OutcomeStore } from './outcome-store.js';
import { outcomeFeatures } from './train-router.js';

/** A host's verdict on one answer. */
export interface Feedback {
  /** How good the answer was, 0 to 1 (a thumbs-up is 1, a thumbs-down 0). */
  readonly score: number;
  /** Who scored it, recorded in the outcome. Defaults to `"feedback"`. */
  readonly source?: string | undefined;
}

/** Options of {@link createFeedbackRecorder}. */
export interface FeedbackRecorderOptions {
  /** Where outcomes go. */
  readonly store: OutcomeStore;
  /** Recent answers remembered for feedback; older ones are forgotten. Defaults to 10 000. */
  readonly maxPending?: number | undefined;
  /**
   * Whether outcomes keep the prompt text (`true`) or only its hashed features (`false`, for
   * hosts that may not store prompts; then train with the same `bits`). Defaults to `true`.
   */
  readonly keepPrompt?: boolean | undefined;
  /** Hash space bits of stored features when `keepPrompt` is `false`. Defaults to 16. */
  readonly bits?: number | undefined;
  /** The time source for outcomes, in milliseconds since the epoch. Defaults to `Date.now`. */
  readonly now?: (() => number) | undefined;
}

/**
 * Remembers recent answers (response id → prompt, model, cost, latency) so that a later score
 * becomes an {@link Outcome} in the store. Pass it to `createRouter({ feedback })` and call
 * `router.feedback(response.id, { score })`.
 */
export interface FeedbackRecorder {
  /** Called by the router for each answer it returns (not for cache hits). Answers without an id are not remembered. */
  observe(request: ChatRequest, response: ChatResponse): void;
  /**
   * Records `feedback` for the answer `responseId` as an outcome, and resolves with it; resolves
   * with `undefined` when the answer is unknown or forgotten (older than `maxPending` answers).
   *
   * @throws InvalidRequestError when the score is not a number from 0 to 1.
   */
  feedback(responseId: string, feedback: Feedback): Promise<Outcome | undefined>;
}

interface Pending {
  readonly prompt: string;
  readonly model: string;
  readonly costUsd: number | undefined;
  readonly latencyMs: number;
}

/**
 * Creates a {@link FeedbackRecorder} writing to `options.store`.
 *
 * @throws ConfigError when `maxPending` is not a positive integer.
 */
export function createFeedbackRecorder(options: FeedbackRecorderOptions): FeedbackRecorder {
  const max = options.maxPending ?? 10_000;
  if (!Number.isInteger(max) || max < 1)
    throw new ConfigError('feedback recorder options', [
      { path: 'maxPending', message: `must be a positive integer, got ${max}` },
    ]);
  const keepPrompt = options.keepPrompt ?? true;
  const bits = options.bits ?? 16;
  const now = options.now ?? Date.now;
  // A Map iterates in insertion order: the first key is the oldest answer.
  const pending = new Map<string, Pending>();
  return {
    observe(request, response) {
      if (response.id === undefined || response.cached) return;
      pending.delete(response.id);
      pending.set(response.id, {
        prompt: lastUserText(request.messages),
        model: `${response.provider}:${response.model}`,
        costUsd: response.costUsd,
        latencyMs: response.latencyMs,
      });
      if (pending.size > max) pending.delete(pending.keys().next().value as string);
    },
    async feedback(responseId, feedback) {
      const score = feedback.score;
      if (typeof score !== 'number' || !(score >= 0 && score <= 1))
        throw new InvalidRequestError(
          `feedback: score must be a number from 0 to 1, got ${String(score)}`,
          { code: 'invalid_feedback' },
        );
      const answer = pending.get(responseId);
      if (answer === undefined) return undefined;
      pending.delete(responseId);
      const outcome: Outcome = {
        ...(keepPrompt
          ? { prompt: answer.prompt }
          : { features: outcomeFeatures(answer.prompt, bits) }),
        model: answer.model,
        score,
        costUsd: answer.costUsd,
        latencyMs: answer.latencyMs,
        time: now(),
        source: feedback.source ?? 'feedback',
      };
      await options.store.add(outcome);
      return outcome;
    },
  };
}
