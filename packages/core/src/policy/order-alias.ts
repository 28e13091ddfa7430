import type { NormalizedAlias } from '../config/validate-router-config.js';
import type { PriceTable } from '../usage/price-table.js';
import type { Candidate } from './candidate.js';

/** What ordering strategies may consult. */
export interface OrderingContext {
  readonly random: () => number;
  readonly prices: PriceTable;
  /** Estimated prompt and output tokens of the request, for `cheapest`. */
  readonly estimate: () => { readonly input: number; readonly output: number };
}

/**
 * Orders an alias's candidates for one request by its strategy. Returns the list and, when the
 * strategy changed the written order, a note for the trace.
 */
export function orderAlias(
  alias: NormalizedAlias,
  list: readonly Candidate[],
  context: OrderingContext,
): { readonly list: readonly Candidate[]; readonly note: string | undefined } {
  if (list.length < 2 || alias.strategy === 'ordered') return { list, note: undefined };
  if (alias.strategy === 'weighted') {
    let total = 0;
    for (const c of alias.candidates) total += c.weight;
    let draw = context.random() * total;
    let pick = alias.candidates.length - 1;
    for (let i = 0; i < alias.candidates.length; i++) {
      draw -= (alias.candidates[i] as { weight: number }).weight;
      if (draw < 0) {
        pick = i;
        break;
      }
    }
    const first = list[pick] as Candidate;
    const weight = (alias.candidates[pick] as { weight: number }).weight;
    return {
      list: [first, ...list.filter((_, i) => i !== pick)],
      note: `weighted pick in ${alias.name}: ${first.ref} (weight ${weight} of ${total})`,
    };
  }
  if (alias.strategy === 'cheapest') {
    const { input, output } = context.estimate();
    const costed = list.map((c, i) => {
      const price = context.prices.price(c.providerId, c.model);
      const cost =
        price === undefined
          ? Number.POSITIVE_INFINITY
          : (input * price.inputPerMTok + output * price.outputPerMTok) / 1_000_000;
      return { c, cost, i };
    });
    costed.sort((a, b) => a.cost - b.cost || a.i - b.i);
    return {
      list: costed.map((x) => x.c),
      note: `cheapest first in ${alias.name}: ${costed
        .map(
          (x) => `${x.c.ref} ${Number.isFinite(x.cost) ? `$${x.cost.toPrecision(2)}` : 'unpriced'}`,
        )
        .join(', ')}`,
    };
  }
  // fastest: unmeasured candidates first (so each gets measured), then by moving-average latency.
  const timed = list.map((c, i) => ({ c, ms: c.latencyEwma ?? -1, i }));
  timed.sort((a, b) => a.ms - b.ms || a.i - b.i);
  return {
    list: timed.map((x) => x.c),
    note: `fastest first in ${alias.name}: ${timed
      .map((x) => `${x.c.ref} ${x.ms < 0 ? 'unmeasured' : `${Math.round(x.ms)} ms`}`)
      .join(', ')}`,
  };
}
