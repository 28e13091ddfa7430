import type { ProviderBreaker } from '../breaker/circuit-breaker.js';
import { parseModelRef } from '../config/model-ref.js';
import type { NormalizedRouterConfig } from '../config/validate-router-config.js';
import type { ModelInfo, Provider } from '../provider/provider.js';
import type { ModelPrice } from '../usage/model-price.js';

/** Weight of the newest sample in the latency average (the `fastest` strategy). */
const EWMA_ALPHA = 0.2;

/** A concrete `provider:model` the router can call, with what it knows about the model. */
export class Candidate {
  /** Its circuit breaker, unless breakers are disabled. */
  breaker: ProviderBreaker | undefined = undefined;
  /** Exponentially weighted moving average of successful latencies, in ms. */
  latencyEwma: number | undefined = undefined;
  /** Its price, once looked up (`null`: the table has none). */
  price: ModelPrice | null | undefined = undefined;

  constructor(
    /** `provider:model`. */
    readonly ref: string,
    readonly providerId: string,
    readonly model: string,
    readonly provider: Provider,
    /** Known facts, or `undefined` for a model neither the adapter nor the config describes. */
    readonly info: ModelInfo | undefined,
  ) {}

  /** Folds a successful call's latency into the moving average. */
  recordLatency(ms: number): void {
    this.latencyEwma =
      this.latencyEwma === undefined ? ms : this.latencyEwma + EWMA_ALPHA * (ms - this.latencyEwma);
  }
}

/** Creates each candidate once (per router) and hands out the same object afterwards. */
export class CandidateRegistry {
  private readonly byRef = new Map<string, Candidate>();

  constructor(
    private readonly config: NormalizedRouterConfig,
    private readonly createBreaker: (ref: string) => ProviderBreaker | undefined = () => undefined,
  ) {}

  /** The candidate for `provider:model`, or `undefined` when the provider is not configured. */
  get(ref: string): Candidate | undefined {
    const existing = this.byRef.get(ref);
    if (existing !== undefined) return existing;
    const parsed = parseModelRef(ref);
    if (parsed === undefined) return undefined;
    const provider = this.config.providers.get(parsed.providerId);
    if (provider === undefined) return undefined;
    const candidate = new Candidate(
      ref,
      parsed.providerId,
      parsed.model,
      provider,
      this.modelInfo(provider, parsed.model, ref),
    );
    candidate.breaker = this.createBreaker(ref);
    this.byRef.set(ref, candidate);
    return candidate;
  }

  /** Every candidate created so far. */
  all(): IterableIterator<Candidate> {
    return this.byRef.values();
  }

  private modelInfo(provider: Provider, model: string, ref: string): ModelInfo | undefined {
    const known = provider.getModelInfo?.(model);
    const override = this.config.modelInfo?.[ref];
    if (override === undefined) return known;
    const base: ModelInfo = known ?? {
      id: model,
      contextWindow: Number.POSITIVE_INFINITY,
      capabilities: { tools: true, json: true, jsonSchema: true, streaming: true },
    };
    return {
      id: model,
      contextWindow: override.contextWindow ?? base.contextWindow,
      maxOutputTokens: override.maxOutputTokens ?? base.maxOutputTokens,
      capabilities: { ...base.capabilities, ...override.capabilities },
    };
  }
}
