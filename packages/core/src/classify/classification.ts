import type { ChatRequest } from '../provider/chat-request.js';
import type { Message } from '../provider/messages.js';
import type { Complexity } from '../provider/route-trace.js';

/** The built-in task categories. Hosts add their own through rules. */
export type BuiltinCategory = 'coding' | 'math' | 'research' | 'language' | 'empathy' | 'general';

/** What the classifier concluded about a request. */
export interface Classification {
  /** The most likely intent, when a rule with an intent matched. */
  readonly intent: string | undefined;
  /** The most likely category (`general` when nothing matched). */
  readonly category: string;
  readonly complexity: Complexity;
  /** Confidence in the category, 0 to 1. */
  readonly confidence: number;
  /** Who decided: `rules`, a host classifier's name, or `request` for overrides. */
  readonly source: string;
}

/** What a classifier looks at. */
export interface ClassifierInput {
  /** The last user message. */
  readonly text: string;
  /** The whole conversation. */
  readonly messages: readonly Message[];
  /** The request (model, tools, metadata...). */
  readonly request: ChatRequest;
}

/**
 * Anything that classifies a request. The built-in rule classifier is synchronous; a host's own
 * (an embedding lookup, a small model) may return a promise.
 */
export interface Classifier {
  /** Shown as the classification's `source`. */
  readonly name: string;
  classify(input: ClassifierInput): Classification | Promise<Classification>;
}

/**
 * A keyword or pattern rule. Matching rules vote, by `weight`, for their category, intent and
 * complexity; each rule votes once per message however often it matches.
 */
export interface ClassifierRule {
  /** For traces and debugging. */
  readonly name?: string | undefined;
  /** The category this rule votes for. */
  readonly category?: string | undefined;
  /** The intent this rule votes for. */
  readonly intent?: string | undefined;
  /** The complexity this rule votes for. */
  readonly complexity?: Complexity | undefined;
  /**
   * Words or phrases, matched case-insensitively on word boundaries (`"step by step"` matches
   * across any whitespace).
   */
  readonly keywords?: readonly string[] | undefined;
  /**
   * Regular expressions, for what keywords cannot say. Prefer keywords: they compile into one
   * pass, where each pattern is a pass of its own, except one that starts with whole words
   * (`/\b(?:plan|schedule)\b.../`, no top-level `|`): it runs only when one of those words is in
   * the message.
   */
  readonly patterns?: readonly RegExp[] | undefined;
  /** Vote weight. Defaults to 1. */
  readonly weight?: number | undefined;
}
