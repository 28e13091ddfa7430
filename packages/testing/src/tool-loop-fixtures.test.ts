import type { ChatResponse, StreamEvent, ToolCallOutcome } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { cityTool, readEvents, streamEventKinds, TWO_CITY_CALLS } from './tool-loop-fixtures.js';

const call = (name: string) => ({ id: `call_${name}`, name, arguments: { city: 'Lyon' } });
const events: StreamEvent[] = [
  { type: 'start', provider: 'p', model: 'm1', route: {} as never, cached: false },
  { type: 'reasoning-delta', text: 'a' },
  { type: 'reasoning-delta', text: 'b' },
  { type: 'text-delta', text: 'c' },
  { type: 'text-delta', text: 'd' },
  { type: 'tool-call', toolCall: call('weather') },
  { type: 'step-finish', step: 0, response: {} as ChatResponse },
  { type: 'tool-result', step: 0, result: { call: call('weather') } as unknown as ToolCallOutcome },
  { type: 'text-delta', text: 'e' },
  { type: 'finish', response: {} as ChatResponse },
];

describe('streamEventKinds', () => {
  it('labels starts, tool calls and results by name, and folds each run of deltas into one', () => {
    expect(streamEventKinds(events)).toEqual([
      'start:m1',
      'reasoning-delta',
      'text-delta',
      'tool-call:weather',
      'step-finish',
      'tool-result:weather',
      'text-delta',
      'finish',
    ]);
  });
});

describe('readEvents', () => {
  it('returns the events, their labels and the error that ended the stream', async () => {
    const broken = async function* () {
      yield* events.slice(0, 2);
      throw new Error('cut');
    };
    const read = await readEvents(broken());
    expect(read.events).toEqual(events.slice(0, 2));
    expect(read.kinds).toEqual(['start:m1', 'reasoning-delta']);
    expect(read.error).toMatchObject({ message: 'cut' });
  });
});

describe('cityTool', () => {
  it('answers each call with its own name and city, and scripts calls it answers', async () => {
    const city = z.object({ city: z.string() });
    const weather = cityTool('weather', city, 'travel');
    expect(weather).toMatchObject({ name: 'weather', domain: 'travel' });
    expect(weather.parameters).toMatchObject({ properties: { city: { type: 'string' } } });
    const context = { signal: new AbortController().signal, toolCallId: 'c' };
    expect(await weather.execute({ city: 'Lyon' }, context)).toEqual({ weather: 'Lyon' });
    expect(cityTool('route', city).domain).toBe('general');
    expect(TWO_CITY_CALLS.map((c) => c.name)).toEqual(['weather', 'route']);
  });
});
