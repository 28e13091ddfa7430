import { describe, expect, it } from 'vitest';
import { InvalidResponseError } from '../errors/provider-errors.js';
import {
  markCutToolCall,
  parseToolCallArguments,
  readToolCallArguments,
  syntheticToolCallId,
} from './tool-call-arguments.js';

const context = { provider: 'openai', model: 'gpt-4o', toolName: 'get_weather' };

describe('parseToolCallArguments', () => {
  it('parses a JSON object and treats empty text as no arguments', () => {
    expect(parseToolCallArguments('{"city":"Paris"}', context)).toEqual({ city: 'Paris' });
    expect(parseToolCallArguments('', context)).toEqual({});
    expect(parseToolCallArguments('  ', context)).toEqual({});
    expect(parseToolCallArguments(undefined, context)).toEqual({});
  });

  it.each([
    ['{"city": "Par', 'are not valid JSON'],
    ['[1,2]', 'are not a JSON object'],
    ['"Paris"', 'are not a JSON object'],
    ['null', 'are not a JSON object'],
  ])('refuses %s with a retryable InvalidResponseError', (raw, phrase) => {
    let caught: unknown;
    try {
      parseToolCallArguments(raw, context);
    } catch (error) {
      caught = error;
    }
    expect(InvalidResponseError.isInstance(caught)).toBe(true);
    const error = caught as InvalidResponseError;
    expect(error.message).toContain(phrase);
    expect(error.message).toContain('get_weather');
    expect(error).toMatchObject({
      retryable: true,
      provider: 'openai',
      model: 'gpt-4o',
      code: 'invalid_tool_arguments',
    });
  });
});

describe('syntheticToolCallId', () => {
  it('is stable for the same call and differs between calls', () => {
    const call = { responseId: 'r1', index: 0, name: 'get_weather', arguments: { city: 'Paris' } };
    const id = syntheticToolCallId(call);
    expect(id).toMatch(/^call_[0-9a-f]{8}_0$/);
    expect(syntheticToolCallId({ ...call })).toBe(id);
    expect(syntheticToolCallId({ ...call, index: 1 })).not.toBe(id);
    expect(syntheticToolCallId({ ...call, arguments: { city: 'Rome' } })).not.toBe(id);
    expect(syntheticToolCallId({ ...call, responseId: 'r2' })).not.toBe(id);
  });
});

describe('readToolCallArguments', () => {
  it('reads cut arguments as an incomplete call only when the answer was cut', () => {
    const raw = '{"body":"The quarterly numbers show';
    expect(readToolCallArguments(raw, { ...context, cutOff: true })).toEqual({
      arguments: {},
      incomplete: true,
      rawArguments: raw,
    });
    expect(() => readToolCallArguments(raw, { ...context, cutOff: false })).toThrow(
      /not valid JSON/,
    );
    expect(readToolCallArguments('{"a":1}', { ...context, cutOff: true })).toEqual({
      arguments: { a: 1 },
    });
  });
});

describe('markCutToolCall', () => {
  it('marks the last call of an answer cut by the output limit, and nothing otherwise', () => {
    const calls = [
      { id: 'a', name: 'f', arguments: { x: 1 } },
      { id: 'b', name: 'g', arguments: {} },
    ];
    expect(markCutToolCall(calls, 'length')).toEqual([calls[0], { ...calls[1], incomplete: true }]);
    expect(markCutToolCall(calls, 'tool-calls')).toBe(calls);
    expect(markCutToolCall([], 'length')).toEqual([]);
  });
});
