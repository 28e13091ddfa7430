import { createToolRegistry, defineTool } from '@switchyard/core';
import { z } from 'zod';

// Three travel tools, each taking about 200 ms (a stand-in for a real API), and a billing tool
// in another domain that a trip request never loads.

const wait = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });

export const weather = defineTool({
  name: 'weather',
  description: 'The forecast for a city on a date, in degrees Celsius',
  domain: 'travel',
  parameters: z.object({ city: z.string(), date: z.string() }),
  execute: async ({ city, date }, { signal }) => {
    await wait(200, signal);
    return { city, date, celsius: 19, sky: 'sunny' };
  },
});

export const route = defineTool({
  name: 'route',
  description: 'The fastest train between two cities, with its duration in minutes',
  domain: 'travel',
  parameters: z.object({ from: z.string(), to: z.string() }),
  execute: async ({ from, to }, { signal }) => {
    await wait(200, signal);
    return { from, to, train: 'TGV 6611', minutes: 117 };
  },
});

export const budget = defineTool({
  name: 'budget',
  description: 'The cost of a trip for a number of nights, in euros',
  domain: 'travel',
  parameters: z.object({ city: z.string(), nights: z.number().int().min(1) }),
  execute: async ({ city, nights }, { signal }) => {
    await wait(200, signal);
    return { city, nights, totalEur: 95 + nights * 110 };
  },
});

/** How many times each domain's module was loaded. */
export const loads = { travel: 0, billing: 0 };

export const registry = createToolRegistry({
  domains: {
    travel: async () => {
      loads.travel += 1;
      return [weather, route, budget];
    },
    billing: async () => {
      loads.billing += 1;
      return [
        defineTool({
          name: 'refund',
          description: 'Refunds an order by number, fully or partly, with a reason for the ledger',
          domain: 'billing',
          parameters: z.object({
            order: z.string(),
            amountEur: z.number().positive().optional(),
            reason: z.string(),
          }),
          execute: ({ order }) => ({ order, refunded: true }),
        }),
      ];
    },
  },
});
