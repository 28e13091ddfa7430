import type { Usage } from '../provider/usage.js';
import { EMBEDDING_PRICES } from './embedding-price-data.js';
import type { ModelPrice } from './model-price.js';
import { BUILTIN_PRICES } from './price-data.js';

export type { ModelPrice, PriceEntry } from './model-price.js';

/** Looks up prices and computes costs. */
export interface PriceTable {
  /** The price of `provider:model`, trying the exact id, then the id without a date or `-latest` suffix. */
  price(providerId: string, model: string): ModelPrice | undefined;
  /** The cost of `usage` in dollars, or `undefined` when the model has no price (never a guess). */
  cost(providerId: string, model: string, usage: Usage): number | undefined;
}

/** Options of {@link createPriceTable}. */
export interface PriceTableOptions {
  /** Prices by `provider:model`, added to the built-in table (and winning over it). Defaults to none. */
  readonly prices?: Readonly<Record<string, ModelPrice>> | undefined;
  /** Whether the built-in table applies. Defaults to `true`. */
  readonly builtin?: boolean | undefined;
}

// Dated snapshots and aliases share their family's price: gpt-4o-2024-08-06, claude-3-5-haiku-20241022,
// claude-sonnet-4-5-latest, models/gemini-2.5-flash, gemini-2.0-flash-001.
const SUFFIX = /(?:-\d{4}-\d{2}-\d{2}|-\d{8}|-latest|-\d{3}|-preview(?:-[\w-]+)?)$/;

/** The cost of `usage` at `price`, in dollars: tokens, plus billed server-tool requests. */
export function costAt(price: ModelPrice, usage: Usage): number {
  const cached = usage.cachedInputTokens ?? 0;
  const written = usage.cacheWriteInputTokens ?? 0;
  const fresh = Math.max(0, usage.inputTokens - cached - written);
  const dollars =
    fresh * price.inputPerMTok +
    cached * (price.cachedInputPerMTok ?? price.inputPerMTok) +
    written * (price.cacheWritePerMTok ?? price.inputPerMTok) +
    usage.outputTokens * price.outputPerMTok;
  const requests = usage.serverToolRequests;
  const perRequest = price.perRequestUsd;
  if (requests === undefined || perRequest === undefined) return dollars / 1_000_000;
  let extra = 0;
  for (const kind in requests) extra += (requests[kind] ?? 0) * (perRequest[kind] ?? 0);
  return dollars / 1_000_000 + extra;
}

/** Creates a price table from the built-in prices and the host's own. */
export function createPriceTable(options: PriceTableOptions = {}): PriceTable {
  const entries = new Map<string, ModelPrice>();
  if (options.builtin !== false) {
    for (const [ref, price] of Object.entries(BUILTIN_PRICES.entries)) entries.set(ref, price);
    for (const [ref, price] of Object.entries(EMBEDDING_PRICES)) entries.set(ref, price);
  }
  for (const [ref, price] of Object.entries(options.prices ?? {})) entries.set(ref, price);
  const resolved = new Map<string, ModelPrice | null>();

  const price = (providerId: string, model: string): ModelPrice | undefined => {
    const ref = `${providerId}:${model}`;
    const cached = resolved.get(ref);
    if (cached !== undefined) return cached ?? undefined;
    let found = entries.get(ref);
    if (found === undefined) {
      let family = model.startsWith('models/') ? model.slice(7) : model;
      found = entries.get(`${providerId}:${family}`);
      for (let i = 0; i < 3 && found === undefined; i++) {
        const shorter = family.replace(SUFFIX, '');
        if (shorter === family) break;
        family = shorter;
        found = entries.get(`${providerId}:${family}`);
      }
    }
    resolved.set(ref, found ?? null);
    return found;
  };

  return {
    price,
    cost(providerId, model, usage) {
      const p = price(providerId, model);
      return p === undefined ? undefined : costAt(p, usage);
    },
  };
}
