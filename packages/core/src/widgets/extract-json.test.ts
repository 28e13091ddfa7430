import { describe, expect, it } from 'vitest';
import { extractJson } from './extract-json.js';
import { jsonExtraction } from './extraction-helpers.js';

describe('extractJson', () => {
  it('parses an answer that is JSON as a whole', () => {
    expect(extractJson('  {"title":"Volleyball","minutes":45}\n')).toEqual({
      ok: true,
      value: { title: 'Volleyball', minutes: 45 },
    });
  });

  it('reads the JSON inside a code fence with a language tag and prose around it', () => {
    const text =
      'Here is the plan you asked for:\n\n```json\n{"title":"Volleyball","drills":["serve","set"]}\n```\n\nEnjoy the class!';
    expect(extractJson(text)).toEqual({
      ok: true,
      value: { title: 'Volleyball', drills: ['serve', 'set'] },
    });
  });

  it('skips a fence that holds no valid JSON and takes the next one', () => {
    const text = '```\nnot json\n```\nthen\n```json\n{"ok":true}\n```';
    expect(extractJson(text)).toEqual({ ok: true, value: { ok: true } });
  });

  it('finds a balanced object in prose, ignoring braces inside strings', () => {
    const text =
      'Sure! {"note":"use } and { freely","nested":{"list":[1,2,{"x":"]"}]}} Let me know.';
    expect(extractJson(text)).toEqual({
      ok: true,
      value: { note: 'use } and { freely', nested: { list: [1, 2, { x: ']' }] } },
    });
  });

  it('moves past a bracketed aside that is not JSON', () => {
    const text = 'The plan [draft] follows: {"title":"Tag games"}';
    expect(extractJson(text)).toEqual({ ok: true, value: { title: 'Tag games' } });
  });

  it('handles escaped quotes inside strings', () => {
    expect(extractJson('x {"say":"he said \\"hi\\" {"} y')).toEqual({
      ok: true,
      value: { say: 'he said "hi" {' },
    });
  });

  it('explains an empty answer', () => {
    expect(extractJson('   ')).toEqual({
      ok: false,
      error: 'The answer is empty: expected a JSON object.',
    });
  });

  it('explains an answer without JSON', () => {
    expect(extractJson('I cannot help with that.')).toEqual({
      ok: false,
      error: 'The answer contains no JSON object.',
    });
  });

  it("names the parser's complaint when something looked like JSON but was not", () => {
    const result = extractJson('Plan: {"title": "Volleyball", ===}');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(/^The answer contains no valid JSON: /);
  });

  it('repairs a trailing comma locally and says so', () => {
    expect(extractJson('Plan: {"title": "Volleyball", "drills": ["serve", "set",],}')).toEqual({
      ok: true,
      value: { title: 'Volleyball', drills: ['serve', 'set'] },
      repaired: true,
    });
  });

  it('repairs single quotes inside a code fence', () => {
    expect(extractJson("```json\n{'title': 'Tag games', 'minutes': 20}\n```")).toEqual({
      ok: true,
      value: { title: 'Tag games', minutes: 20 },
      repaired: true,
    });
  });

  it('repairs a missing comma between members', () => {
    expect(extractJson('{"title": "Relay" "minutes": 15}')).toEqual({
      ok: true,
      value: { title: 'Relay', minutes: 15 },
      repaired: true,
    });
  });

  it('prefers valid JSON anywhere to repairing an earlier broken one', () => {
    const text = '```\n{"draft": true,}\n```\nFinal: {"title":"Dodgeball"}';
    expect(extractJson(text)).toEqual({ ok: true, value: { title: 'Dodgeball' } });
  });

  it('never turns prose into a JSON string', () => {
    expect(extractJson("Sorry, I can't do that")).toEqual({
      ok: false,
      error: 'The answer contains no JSON object.',
    });
  });

  it('treats a truncated object as no JSON', () => {
    expect(extractJson('{"title":"Volleyball","activities":[{"name":"warm')).toEqual({
      ok: false,
      error: 'The answer contains no JSON object.',
    });
  });
});

describe('jsonExtraction', () => {
  it('looks through a single wrapper key when asked to', () => {
    const extract = jsonExtraction({ unwrap: ['plan'] });
    expect(extract('```json\n{"plan":{"title":"Run"}}\n```', undefined as never)).toEqual({
      title: 'Run',
    });
  });

  it('leaves objects with other or several keys alone', () => {
    const extract = jsonExtraction({ unwrap: ['plan'] });
    expect(extract('{"plan":{"a":1},"b":2}', undefined as never)).toEqual({
      plan: { a: 1 },
      b: 2,
    });
    expect(extract('{"other":{"a":1}}', undefined as never)).toEqual({ other: { a: 1 } });
  });

  it('throws with the reason when the text has no JSON', () => {
    expect(() => jsonExtraction()('no json here', undefined as never)).toThrow(
      'The answer contains no JSON object.',
    );
  });
});
