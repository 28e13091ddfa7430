import type { ChatRequest } from '../provider/chat-request.js';
import { contentText } from '../provider/content-parts.js';
import type { Message } from '../provider/messages.js';
import type {
  Classification,
  Classifier,
  ClassifierInput,
  ClassifierRule,
} from './classification.js';
import { createRuleClassifier } from './rule-classifier.js';

/** The router's classifier settings. */
export interface ClassifierOptions {
  /** Rules added to the built-in ones. Defaults to none. */
  readonly rules?: readonly ClassifierRule[] | undefined;
  /** Whether the built-in rules apply. Defaults to `true`. */
  readonly builtinRules?: boolean | undefined;
  /** Longest text scanned for keywords. Defaults to 4 096 characters. */
  readonly maxScanChars?: number | undefined;
  /** Replaces the rule classifier altogether. Defaults to none. */
  readonly custom?: Classifier | undefined;
  /**
   * Consulted (it may be async) when the rules' confidence is below `fallbackBelow`: an embedding
   * lookup or a small model for the cases the rules cannot settle. Its verdict replaces the rules',
   * except that an intent a rule found is kept when the fallback names none. Defaults to none.
   */
  readonly fallback?: Classifier | undefined;
  /** Confidence under which `fallback` is consulted. Defaults to 0.5. */
  readonly fallbackBelow?: number | undefined;
}

/** Runs the configured classifier chain and applies a request's own intent and category. */
export class ClassifierRunner {
  private readonly primary: Classifier;
  private readonly fallback: Classifier | undefined;
  private readonly fallbackBelow: number;

  constructor(
    options: ClassifierOptions = {},
    private readonly onFallbackError: (error: unknown) => void = () => {},
  ) {
    this.primary =
      options.custom ??
      createRuleClassifier({
        rules: options.rules,
        builtinRules: options.builtinRules,
        maxScanChars: options.maxScanChars,
      });
    this.fallback = options.fallback;
    this.fallbackBelow = options.fallbackBelow ?? 0.5;
  }

  /**
   * The verdict for `request`: its own intent and category applied over the classifier's. A
   * request linked to a {@link SharedClassification} reuses the verdict its group already has.
   */
  classify(request: ChatRequest): Classification | Promise<Classification> {
    const shared = SHARED.get(request);
    if (shared === undefined) return this.classifyNow(request);
    shared.verdict ??= this.classifyNow(request);
    return shared.verdict;
  }

  private classifyNow(request: ChatRequest): Classification | Promise<Classification> {
    const input: ClassifierInput = {
      text: lastUserText(request.messages),
      messages: request.messages,
      request,
    };
    const first = this.primary.classify(input);
    if (isPromise(first)) return first.then((c) => this.afterPrimary(c, input, request));
    return this.afterPrimary(first, input, request);
  }

  private afterPrimary(
    first: Classification,
    input: ClassifierInput,
    request: ChatRequest,
  ): Classification | Promise<Classification> {
    if (this.fallback !== undefined && first.confidence < this.fallbackBelow) {
      let second: Classification | Promise<Classification>;
      try {
        second = this.fallback.classify(input);
      } catch (error) {
        this.onFallbackError(error);
        return withOverrides(first, request);
      }
      if (!isPromise(second)) return withOverrides(keepIntent(second, first), request);
      return second.then(
        (c) => withOverrides(keepIntent(c, first), request),
        (error: unknown) => {
          this.onFallbackError(error);
          return withOverrides(first, request);
        },
      );
    }
    return withOverrides(first, request);
  }
}

/**
 * One verdict for several requests that are one user ask: the turns of a tool loop (same user
 * messages, more assistant and tool turns), which the tool domain and every turn's routing would
 * otherwise classify again, a host classifier backed by a model each time (decision 100).
 */
export class SharedClassification {
  verdict: Classification | Promise<Classification> | undefined = undefined;
  private readonly members: ChatRequest[] = [];

  /**
   * Links `request` (an object of the router's own making: a turn, or a copy of the caller's
   * request) to this verdict: classifying it classifies the group once.
   */
  link<R extends ChatRequest>(request: R): R {
    SHARED.set(request, this);
    this.members.push(request);
    return request;
  }

  /** Unlinks every member once the loop has ended: a turn object sent again is classified anew. */
  release(): void {
    for (const request of this.members) if (SHARED.get(request) === this) SHARED.delete(request);
    this.members.length = 0;
  }
}

const SHARED = new WeakMap<ChatRequest, SharedClassification>();

// The fallback settles what the rules were unsure of; an intent a rule found stands unless the
// fallback names one itself.
function keepIntent(second: Classification, first: Classification): Classification {
  return second.intent !== undefined || first.intent === undefined
    ? second
    : { ...second, intent: first.intent };
}

function withOverrides(c: Classification, request: ChatRequest): Classification {
  if (request.intent === undefined && request.category === undefined) return c;
  return {
    intent: request.intent ?? c.intent,
    category: request.category ?? c.category,
    complexity: c.complexity,
    confidence: request.category === undefined ? c.confidence : 1,
    source: c.source,
  };
}

/** The text of the last user message, or `''`. */
export function lastUserText(messages: readonly Message[]): string {
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i];
    if (message?.role === 'user') return contentText(message.content);
  }
  return '';
}

export function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}
