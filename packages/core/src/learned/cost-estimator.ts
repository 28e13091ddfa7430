import { requirementsOf } from '../policy/fit-candidates.js';
import type { ChatRequest } from '../provider/chat-request.js';
import { createPriceTable, type ModelPrice, type PriceTable } from '../usage/price-table.js';
import type { LearnedModel } from './learned-model.js';

/** A route the learned policy may choose, and the name the learned model predicts it under. */
export interface LearnedRoute {
  /** What the policy decides: an alias (`"strong"`) or a `provider:model`. */
  readonly route: string;
  /** The model's name in the learned model (the `model` of its outcomes, usually `provider:model`). */
  readonly model: string;
}

/** How the learned policies estimate a candidate's cost. */
export interface CostEstimateOptions {
  /** Prices by `provider:model`, over the built-in table (or a price table). Defaults to the built-in prices. */
  readonly prices?: PriceTable | Readonly<Record<string, ModelPrice>> | undefined;
  /**
   * Expected output tokens per request, in all or per model; a request's `maxTokens` caps it.
   * Defaults to 300.
   */
  readonly outputTokens?: number | Readonly<Record<string, number>> | undefined;
}

const DEFAULT_OUTPUT_TOKENS = 300;

/** @internal Estimated dollars per request for each model, from the price table and the request's size. */
export class CostEstimator {
  private readonly output: readonly number[];
  private readonly price: readonly (ModelPrice | undefined)[];
  constructor(models: readonly string[], options: CostEstimateOptions) {
    const p = options.prices;
    const prices =
      p === undefined
        ? createPriceTable()
        : typeof (p as PriceTable).price === 'function'
          ? (p as PriceTable)
          : createPriceTable({ prices: p as Readonly<Record<string, ModelPrice>> });
    const out = options.outputTokens;
    this.output = models.map((m) =>
      typeof out === 'number' ? out : (out?.[m] ?? DEFAULT_OUTPUT_TOKENS),
    );
    this.price = models.map((m) => {
      const colon = m.indexOf(':');
      return colon < 0 ? undefined : prices.price(m.slice(0, colon), m.slice(colon + 1));
    });
  }
  /** Dollars per model; `NaN` where the model has no price. */
  estimate(request: ChatRequest, out: Float64Array): Float64Array {
    const input = requirementsOf(request, false).promptTokens;
    for (let i = 0; i < this.price.length; i++) {
      const price = this.price[i];
      const output = Math.min(this.output[i] as number, request.maxTokens ?? Infinity);
      out[i] =
        price === undefined
          ? Number.NaN
          : (input * price.inputPerMTok + output * price.outputPerMTok) / 1_000_000;
    }
    return out;
  }
}

/**
 * @internal Per candidate: the predicted score and the estimated cost (the learned model's cost
 * regression where `costSource` allows and the model has one, else the price table), into
 * reusable buffers. Shared by `learnedCostPolicy` and `calibrateLambda`, so both see the same numbers.
 */
export class CandidateScorer {
  /** Predicted score per candidate (0–1), after {@link score}. */
  readonly scores: Float64Array;
  /** Estimated dollars per candidate (`NaN`: unknown), after {@link score}. */
  readonly costs: Float64Array;
  /** Whether each candidate's cost comes from the learned model. */
  readonly learnedCost: readonly boolean[];
  private readonly index: readonly number[];
  private readonly all: Float64Array;
  private readonly allCosts: Float64Array | undefined;
  private readonly estimator: CostEstimator;

  constructor(
    private readonly model: LearnedModel,
    candidates: readonly LearnedRoute[],
    options: CostEstimateOptions & { readonly costSource?: 'auto' | 'prices' | undefined },
  ) {
    this.index = candidates.map((c) => model.indexOf(c.model));
    this.learnedCost = candidates.map(
      (c) => options.costSource !== 'prices' && model.predictsCost(c.model),
    );
    this.all = new Float64Array(model.models.length);
    this.allCosts = this.learnedCost.some((x) => x)
      ? new Float64Array(model.models.length)
      : undefined;
    this.scores = new Float64Array(candidates.length);
    this.costs = new Float64Array(candidates.length);
    this.estimator = new CostEstimator(
      candidates.map((c) => c.model),
      options,
    );
  }

  /** Fills `scores` and `costs` for this request (`text`: its last user message). */
  score(text: string, request: ChatRequest): void {
    this.model.predictInto(text, this.all, this.allCosts);
    this.estimator.estimate(request, this.costs);
    for (let i = 0; i < this.index.length; i++) {
      const m = this.index[i] as number;
      this.scores[i] = this.all[m] as number;
      if (this.learnedCost[i]) this.costs[i] = (this.allCosts as Float64Array)[m] as number;
    }
  }
}
