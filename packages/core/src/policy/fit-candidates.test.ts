import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../provider/chat-request.js';
import type { ToolDefinition } from '../provider/tool.js';
import { requirementsOf } from './fit-candidates.js';

describe('requirementsOf', () => {
  it('measures a tool list by its current content, also when it is changed in place', () => {
    const tools: ToolDefinition[] = [{ name: 'weather', parameters: { type: 'object' } }];
    const request: ChatRequest = { messages: [{ role: 'user', content: 'hi' }], tools };
    const before = requirementsOf(request, false).promptTokens;
    tools.push({
      name: 'time',
      description: 'x'.repeat(400),
      parameters: { type: 'object', properties: { zone: { type: 'string' } } },
    });
    expect(requirementsOf(request, false).promptTokens).toBeGreaterThan(before + 100);
  });
});
