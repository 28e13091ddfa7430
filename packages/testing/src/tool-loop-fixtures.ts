import { defineTool, type StreamEvent, type Tool } from '@switchyard/core';
import { drainStream } from './await-helpers.js';
import type { FakeToolCall } from './fake-servers/fake-script.js';

/** The zod schema `defineTool` takes (the caller's zod: this package does not bring its own). */
export type ToolParameters = Parameters<typeof defineTool>[0]['parameters'];

/**
 * A tool of the tool-loop tests: `name` of a city, whose result is `{ [name]: city }`, so a test
 * can tell each result from the call it answers. `parameters` is the caller's
 * `z.object({ city: z.string() })`. `domain` defaults to `'general'`, as in `defineTool`.
 *
 * @example
 * const city = z.object({ city: z.string() });
 * const tools = [cityTool('weather', city), cityTool('route', city)];
 * // a call of `weather` with { city: 'Lyon' } returns { weather: 'Lyon' }
 */
export function cityTool(name: string, parameters: ToolParameters, domain?: string): Tool {
  return defineTool({
    name,
    description: `The ${name} of a city`,
    ...(domain !== undefined && { domain }),
    parameters,
    execute: (args) => ({ [name]: (args as { city: string }).city }),
  });
}

/**
 * Two calls in one model turn, `weather` and `route` for Lyon: a script for a fake server's
 * `reply()` or `stream()` (`{ toolCalls: TWO_CITY_CALLS }`) that {@link cityTool}s answer.
 */
export const TWO_CITY_CALLS: readonly FakeToolCall[] = [
  { name: 'weather', arguments: { city: 'Lyon' } },
  { name: 'route', arguments: { city: 'Lyon' } },
];

/**
 * The events of a router stream as short labels, to compare their order with one `toEqual`:
 * `start:<model>`, `tool-call:<tool name>`, `tool-result:<tool name>`, and the event type for the
 * others (`step-finish`, `finish`); a run of deltas of one type (`text-delta`, `reasoning-delta`)
 * is one label, however the vendor chunked it.
 *
 * @example
 * expect(streamEventKinds(events)).toEqual(['start:gpt-4o-mini', 'text-delta', 'finish']);
 */
export function streamEventKinds(events: readonly StreamEvent[]): string[] {
  const kinds: string[] = [];
  for (const event of events) {
    const kind =
      event.type === 'start'
        ? `start:${event.model}`
        : event.type === 'tool-call'
          ? `tool-call:${event.toolCall.name}`
          : event.type === 'tool-result'
            ? `tool-result:${event.result.call.name}`
            : event.type;
    if (!(kind.endsWith('-delta') && kinds.at(-1) === kind)) kinds.push(kind);
  }
  return kinds;
}

/** What {@link readEvents} read from a router stream. */
export interface ReadEvents {
  /** Every event, in order. */
  readonly events: StreamEvent[];
  /** The events as {@link streamEventKinds} labels them. */
  readonly kinds: string[];
  /** What the stream threw, or `undefined` if it ended normally. */
  readonly error: unknown;
}

/**
 * Reads a router stream to its end, or to the error that broke it ({@link drainStream}), and
 * labels its events ({@link streamEventKinds}), so a test checks the order of a tool loop's events
 * and what came before a failure.
 *
 * @example
 * const { kinds, events, error } = await readEvents(router.stream({ messages, tools, maxSteps: 3 }));
 */
export async function readEvents(stream: AsyncIterable<StreamEvent>): Promise<ReadEvents> {
  const { parts, error } = await drainStream(stream);
  return { events: parts, kinds: streamEventKinds(parts), error };
}
