import { runScoreStoreContract, sampleScore } from '@switchyard/testing/contract';
import { describe, expect, it } from 'vitest';
import { createMemoryScoreStore } from './score-store.js';

runScoreStoreContract({ name: 'memory', create: () => createMemoryScoreStore() });

describe('memory score store', () => {
  it('keeps a bounded history per model and category, newest first', () => {
    const store = createMemoryScoreStore({ history: 2 });
    store.save([sampleScore({ runId: 'r1', at: 1 })]);
    store.save([sampleScore({ runId: 'r3', at: 3 })]);
    store.save([sampleScore({ runId: 'r2', at: 2 })]);
    expect(store.history('math', 'openai:gpt-4o-mini').map((s) => s.runId)).toEqual(['r3', 'r2']);
    expect(store.history('coding', 'openai:gpt-4o-mini')).toEqual([]);
    expect(() => createMemoryScoreStore({ history: 0 })).toThrow(TypeError);
  });
});
