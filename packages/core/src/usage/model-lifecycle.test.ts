import { createMockProvider } from '@switchyard/testing';
import { afterEach, describe, expect, it } from 'vitest';
import type { RouterEvent, WarningEvent } from '../events/router-events.js';
import { createRouter, type Router } from '../router/router.js';
import { systemClock } from '../time/clock.js';
import { BUILTIN_MODELS } from './model-data.js';
import { builtinModelRecord, isDeprecatedModel } from './model-lifecycle.js';

let router: Router | undefined;
afterEach(async () => {
  await router?.close();
  router = undefined;
});

/** A router over mock `anthropic` and `google` providers, on a clock the test sets. */
function routerAt(start: string) {
  let now = Date.parse(start);
  const events: RouterEvent[] = [];
  const local = createRouter({
    providers: [createMockProvider({ id: 'anthropic' }), createMockProvider({ id: 'google' })],
    defaultModel: 'anthropic:claude-sonnet-4-5',
    clock: { ...systemClock, now: () => now },
    onEvent: (e) => {
      events.push(e);
    },
  });
  router = local;
  let n = 0;
  const ask = async (model?: string) => {
    n += 1;
    await local.chat({ messages: [{ role: 'user', content: `question ${n}` }], model });
    await new Promise((r) => setImmediate(r));
  };
  const deprecations = () =>
    events.filter((e): e is WarningEvent => e.type === 'warning' && e.code === 'model-deprecated');
  return {
    ask,
    deprecations,
    setNow: (iso: string) => {
      now = Date.parse(iso);
    },
  };
}

describe('deprecated models', () => {
  it('warns once, naming the successor, from the deprecation date on (injected clock)', async () => {
    // @anthropic-ai/sdk 1.14.0 gives claude-sonnet-4-5 the end-of-life date 2026-11-30.
    expect(BUILTIN_MODELS.entries['anthropic:claude-sonnet-4-5'].deprecationDate).toBe(
      '2026-11-30',
    );
    const r = routerAt('2026-11-29T23:59:59Z');
    await r.ask();
    await r.ask();
    expect(r.deprecations()).toEqual([]);

    r.setNow('2026-11-30T00:00:00Z');
    await r.ask();
    await r.ask();
    await r.ask('anthropic:claude-sonnet-4-5');
    const warned = r.deprecations();
    expect(warned).toHaveLength(1);
    expect(warned[0]?.message).toContain('anthropic:claude-sonnet-4-5');
    expect(warned[0]?.message).toContain('2026-11-30');
    expect(warned[0]?.message).toContain('Use anthropic:claude-sonnet-5 instead');
  });

  it('warns on first use for a model the data marks deprecated without a date', async () => {
    const r = routerAt('2020-01-01T00:00:00Z');
    await r.ask('google:gemini-2.5-flash-preview');
    await r.ask('google:gemini-2.5-flash-preview');
    expect(r.deprecations().map((e) => e.message)).toEqual([
      'google:gemini-2.5-flash-preview is marked deprecated in the model data. Move to a current model.',
    ]);
  });

  it('says nothing about current models', async () => {
    const r = routerAt('2026-11-30T12:00:00Z');
    await r.ask('anthropic:claude-sonnet-5');
    await r.ask('google:gemini-2.5-flash');
    expect(r.deprecations()).toEqual([]);
  });

  it('finds a dated snapshot under its family', () => {
    expect(builtinModelRecord('anthropic', 'claude-sonnet-4-5-20250929')).toBe(
      BUILTIN_MODELS.entries['anthropic:claude-sonnet-4-5'],
    );
    expect(isDeprecatedModel('anthropic', 'claude-3-5-haiku-latest')).toBe(true);
    expect(isDeprecatedModel('anthropic', 'claude-haiku-4-5')).toBe(false);
    expect(isDeprecatedModel('acme', 'claude-sonnet-4-5')).toBe(false);
  });
});
