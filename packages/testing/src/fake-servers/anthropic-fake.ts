import {
  type ContentPart,
  type FinishReason,
  JSON_OUTPUT_INSTRUCTION,
  type Message,
  type ToolCall,
  type ToolChoice,
  type ToolDefinition,
} from '@switchyard/core';
import { chunkText } from './fake-reply.js';
import type { FakeChatRequest } from './fake-request.js';
import type { FakeErrorScript } from './fake-script.js';
import { type FakeServer, type FakeServerOptions, startFakeServer } from './fake-server.js';
import { fakeSignature, isFakeSignature } from './fake-signature.js';
import type {
  Chunking,
  FakeProblem,
  FakeVendor,
  RenderedError,
  RenderedStream,
  ResolvedReply,
} from './fake-vendor.js';

// The Anthropic Messages API (`POST /v1/messages`) as its SDK meets it: `x-api-key` (SDK 0.x) or
// `Authorization: Bearer` (SDK 1.x) with `anthropic-version`, content blocks, SSE frames that
// each carry an `event:` line and no `[DONE]`, usage split between `message_start` and
// `message_delta`, and `{ type: 'error', error: { type, message } }` bodies.

type Json = Record<string, unknown>;

const STOP_REASON: Record<FinishReason, string> = {
  stop: 'end_turn',
  length: 'max_tokens',
  'tool-calls': 'tool_use',
  'content-filter': 'refusal',
  other: 'pause_turn',
  // Anthropic has no such reason: a reason the SDK passes through, for tests of unknown values.
  error: 'error',
};

// Error types and messages as Anthropic sends them, by status.
function errorFor(status: number): { type: string; message: string } {
  switch (status) {
    case 400:
      return { type: 'invalid_request_error', message: 'Invalid request.' };
    case 401:
      return { type: 'authentication_error', message: 'invalid x-api-key' };
    case 402:
      return { type: 'billing_error', message: 'Your credit balance is too low.' };
    case 403:
      return {
        type: 'permission_error',
        message: 'Your API key does not have permission to use the specified resource.',
      };
    case 404:
      return { type: 'not_found_error', message: 'model: claude-fake' };
    case 413:
      return {
        type: 'request_too_large',
        message: 'Request exceeds the maximum allowed number of bytes.',
      };
    case 429:
      return {
        type: 'rate_limit_error',
        message:
          'This request would exceed the rate limit for your organization of 50,000 input tokens per minute. Please try again later.',
      };
    case 500:
      return { type: 'api_error', message: 'Internal server error' };
    case 504:
      return { type: 'timeout_error', message: 'Request timed out' };
    case 529:
      return { type: 'overloaded_error', message: 'Overloaded' };
    default:
      return status >= 500
        ? { type: 'api_error', message: 'Internal server error' }
        : { type: 'invalid_request_error', message: `HTTP ${status}` };
  }
}

const errorBody = (type: string, message: string): Json => ({
  type: 'error',
  error: { type, message },
});

function renderError(script: FakeErrorScript): RenderedError {
  const base =
    script.reason === 'context-length'
      ? {
          type: 'invalid_request_error',
          message: 'prompt is too long: 208310 tokens > 200000 maximum',
        }
      : script.reason === 'content-filter'
        ? { type: 'invalid_request_error', message: 'Output blocked by content filtering policy' }
        : errorFor(script.status);
  const headers: Record<string, string> = {};
  if (script.retryAfter !== undefined) headers['retry-after'] = String(script.retryAfter);
  if (script.retryAfterMs !== undefined) headers['retry-after-ms'] = String(script.retryAfterMs);
  return {
    status: script.status,
    headers,
    body: errorBody(script.code ?? base.type, script.message ?? base.message),
  };
}

function usageOf(reply: ResolvedReply): Json {
  const { usage } = reply;
  const read = usage.cachedInputTokens ?? 0;
  const written = usage.cacheWriteInputTokens ?? 0;
  // Anthropic's input_tokens leaves out what was read from or written to the prompt cache.
  return {
    input_tokens: Math.max(0, usage.inputTokens - read - written),
    cache_creation_input_tokens: written,
    cache_read_input_tokens: read,
    output_tokens: usage.outputTokens,
    // Thinking is part of output_tokens; newer API versions also report it apart.
    ...(usage.reasoningTokens !== undefined && {
      output_tokens_details: { thinking_tokens: usage.reasoningTokens },
    }),
  };
}

/** Whether the request turned extended thinking on (`thinking: { type: 'enabled' | 'adaptive' }`). */
function thinkingOn(body: unknown): boolean {
  const thinking = isObject(body) ? body.thinking : undefined;
  return isObject(thinking) && (thinking.type === 'enabled' || thinking.type === 'adaptive');
}

/** The reasoning to render: only when scripted and the request turned thinking on, as Claude does. */
function thinkingOf(reply: ResolvedReply, body: unknown): string | undefined {
  return reply.reasoning !== undefined && reply.reasoning !== '' && thinkingOn(body)
    ? reply.reasoning
    : undefined;
}

function contentOf(reply: ResolvedReply, body: unknown): Json[] {
  const blocks: Json[] = [];
  const thinking = thinkingOf(reply, body);
  if (thinking !== undefined) {
    blocks.push({ type: 'thinking', thinking, signature: fakeSignature('anthropic', thinking) });
  }
  if (reply.text !== '') blocks.push({ type: 'text', text: reply.text });
  for (const call of reply.toolCalls) {
    blocks.push({
      type: 'tool_use',
      id: call.id,
      name: call.name,
      input: call.argumentsValue ?? {},
    });
  }
  return blocks;
}

function sse(event: string, data: Json): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

function renderStream(reply: ResolvedReply, body: unknown, chunking: Chunking): RenderedStream {
  const usage = usageOf(reply);
  const head = [
    sse('message_start', {
      type: 'message_start',
      message: {
        id: reply.id,
        type: 'message',
        role: 'assistant',
        model: reply.model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { ...usage, output_tokens: 1 },
      },
    }),
    sse('ping', { type: 'ping' }),
  ];
  // One content frame per delta; a block's start rides with its first delta and its stop with
  // its last, so that `truncate` and `errorAfterChunks` count deltas.
  const content: string[] = [];
  let index = 0;
  const block = (start: Json, deltas: Json[]) => {
    const at = index++;
    const frames = deltas.map((delta) =>
      sse('content_block_delta', { type: 'content_block_delta', index: at, delta }),
    );
    if (frames.length === 0) frames.push('');
    frames[0] = sse('content_block_start', {
      type: 'content_block_start',
      index: at,
      content_block: start,
    }).concat(frames[0] ?? '');
    frames[frames.length - 1] += sse('content_block_stop', {
      type: 'content_block_stop',
      index: at,
    });
    content.push(...frames);
  };
  const thinking = thinkingOf(reply, body);
  if (thinking !== undefined) {
    block({ type: 'thinking', thinking: '', signature: '' }, [
      ...chunkText(thinking, chunking.textChunkSize).map((text) => ({
        type: 'thinking_delta',
        thinking: text,
      })),
      { type: 'signature_delta', signature: fakeSignature('anthropic', thinking) },
    ]);
  }
  if (reply.text !== '') {
    block(
      { type: 'text', text: '' },
      chunkText(reply.text, chunking.textChunkSize).map((text) => ({ type: 'text_delta', text })),
    );
  }
  for (const call of reply.toolCalls) {
    block(
      { type: 'tool_use', id: call.id, name: call.name, input: {} },
      chunkText(call.argumentsText, chunking.argumentsChunkSize).map((partial_json) => ({
        type: 'input_json_delta',
        partial_json,
      })),
    );
  }
  const tail = [
    sse('message_delta', {
      type: 'message_delta',
      delta: { stop_reason: STOP_REASON[reply.finishReason], stop_sequence: null },
      usage: { output_tokens: usage.output_tokens },
    }),
    sse('message_stop', { type: 'message_stop' }),
  ];
  return { head, content, tail, terminator: undefined };
}

// ---- Parsing the request back into Switchyard terms, refusing what Anthropic refuses. ----

class Refusal extends Error {
  constructor(readonly problem: FakeProblem) {
    super(problem.message);
  }
}

function refuse(message: string): never {
  throw new Refusal({ message });
}

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const TOP_LEVEL = new Set([
  'model',
  'messages',
  'max_tokens',
  'system',
  'metadata',
  'stop_sequences',
  'stream',
  'temperature',
  'top_k',
  'top_p',
  'tools',
  'tool_choice',
  'thinking',
  'output_config',
  'service_tier',
  'container',
  'mcp_servers',
  'context_management',
]);
const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

function parseBody(body: unknown, headers: Readonly<Record<string, string>>): FakeChatRequest {
  if (!headers['anthropic-version']) refuse('anthropic-version: header is required');
  if (!isObject(body)) refuse('Request body must be a JSON object.');
  for (const key of Object.keys(body)) {
    if (!TOP_LEVEL.has(key)) refuse(`${key}: Extra inputs are not permitted`);
  }
  if (typeof body.model !== 'string' || body.model === '') refuse('model: Field required');
  if (body.max_tokens === undefined) refuse('max_tokens: Field required');
  const maxTokens = number(body.max_tokens, 'max_tokens', 1, undefined, true);
  if (!Array.isArray(body.messages)) refuse('messages: Field required');
  if (body.messages.length === 0) refuse('messages: at least one message is required');
  const { system, json } = parseSystem(body.system);
  const tools = parseTools(body.tools);
  const format = parseOutputConfig(body.output_config);
  if (format !== undefined && json) {
    refuse('output_config.format and a JSON instruction were both given (fake: pick one).');
  }
  parseThinking(body.thinking);
  const messages = parseMessages(body.messages);
  if (thinkingOn(body)) checkThinkingBeforeToolUse(body.messages);
  return {
    model: body.model,
    system,
    messages,
    tools,
    toolChoice: parseToolChoice(body.tool_choice, tools),
    responseFormat: format ?? (json ? { type: 'json' } : undefined),
    temperature: number(body.temperature, 'temperature', 0, 1),
    topP: number(body.top_p, 'top_p', 0, 1),
    maxTokens,
    stop: parseStop(body.stop_sequences),
    seed: undefined,
    stream: body.stream === true,
  };
}

function parseThinking(raw: unknown): void {
  if (raw === undefined || raw === null) return;
  if (!isObject(raw)) refuse('thinking: Input should be a valid dictionary');
  if (raw.type === 'enabled') {
    if (typeof raw.budget_tokens !== 'number' || !Number.isInteger(raw.budget_tokens))
      refuse('thinking.enabled.budget_tokens: Field required');
    if (raw.budget_tokens < 1024)
      refuse('thinking.enabled.budget_tokens: Input should be greater than or equal to 1024');
  } else if (raw.type !== 'disabled' && raw.type !== 'adaptive') {
    refuse(
      `thinking: Input tag '${String(raw.type)}' found using 'type' does not match any of the expected tags: 'enabled', 'disabled', 'adaptive'`,
    );
  }
}

// With thinking on, the assistant turn whose tool calls the conversation is answering must start
// with the thinking (or redacted thinking) block Claude wrote before them, signature included.
function checkThinkingBeforeToolUse(raw: readonly unknown[]): void {
  for (let i = raw.length - 1; i >= 0; i--) {
    const entry = raw[i];
    if (!isObject(entry) || entry.role !== 'assistant') continue;
    if (!Array.isArray(entry.content)) return;
    const blocks = entry.content.filter(isObject);
    if (!blocks.some((b) => b.type === 'tool_use')) return;
    const first = blocks[0];
    if (first?.type !== 'thinking' && first?.type !== 'redacted_thinking') {
      refuse(
        `messages.${i}.content.0.type: Expected \`thinking\` or \`redacted_thinking\`, but found \`${String(first?.type)}\`. When \`thinking\` is enabled, a final \`assistant\` message must start with a thinking block (preceeding the lastmost set of \`tool_use\` and \`tool_result\` blocks). We recommend you include thinking blocks from previous turns. To avoid this requirement, disable \`thinking\`. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking`,
      );
    }
    return;
  }
}

function number(
  value: unknown,
  field: string,
  min: number,
  max: number | undefined,
  integer = false,
): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || Number.isNaN(value) || (integer && !Number.isInteger(value))) {
    refuse(`${field}: Input should be a valid ${integer ? 'integer' : 'number'}`);
  }
  if (value < min) refuse(`${field}: Input should be greater than or equal to ${min}`);
  if (max !== undefined && value > max)
    refuse(`${field}: Input should be less than or equal to ${max}`);
  return value;
}

// A system prompt is a string or text blocks. A block that is Switchyard's JSON instruction is
// Anthropic's stand-in for a JSON mode: the `chat` view reports it as `responseFormat`.
function parseSystem(raw: unknown): { system: string | undefined; json: boolean } {
  if (raw === undefined || raw === null) return { system: undefined, json: false };
  if (typeof raw === 'string') return { system: raw === '' ? undefined : raw, json: false };
  if (!Array.isArray(raw)) refuse('system: Input should be a valid string or list');
  const texts = raw.map((block, i) => {
    if (!isObject(block) || block.type !== 'text' || typeof block.text !== 'string')
      refuse(`system.${i}: Input should be a text block`);
    if (block.text === '') refuse(`system.${i}: text content blocks must be non-empty`);
    return block.text;
  });
  const own = texts.filter((text) => text !== JSON_OUTPUT_INSTRUCTION);
  return {
    system: own.length > 0 ? own.join('\n\n') : undefined,
    json: own.length < texts.length,
  };
}

function parseMessages(raw: readonly unknown[]): Message[] {
  const messages: Message[] = [];
  let previousRole: string | undefined;
  let pending: { index: number; ids: Set<string> } | undefined;
  raw.forEach((entry, i) => {
    if (!isObject(entry)) refuse(`messages.${i}: Input should be a valid dictionary`);
    const role = entry.role;
    if (role !== 'user' && role !== 'assistant')
      refuse(`messages.${i}.role: Input should be 'user' or 'assistant'`);
    if (role === previousRole) {
      refuse(
        `messages: roles must alternate between "user" and "assistant", but found multiple "${role}" roles in a row`,
      );
    }
    previousRole = role;
    const blocks = contentBlocks(entry.content, i);
    const answered = new Set<string>();
    if (role === 'user') {
      // A turn with images is one user message of parts (as sent); text alone, one per block.
      const withImages = blocks.some((block) => block.type === 'image');
      const parts: ContentPart[] = [];
      blocks.forEach((block, j) => {
        if (withImages && (block.type === 'text' || block.type === 'image')) {
          parts.push(
            block.type === 'text'
              ? { type: 'text', text: block.text as string }
              : imagePart(block, i, j),
          );
        } else if (block.type === 'text') {
          messages.push({ role: 'user', content: block.text as string });
        } else if (block.type === 'tool_result') {
          const id = block.tool_use_id as string;
          if (pending === undefined || !pending.ids.has(id)) {
            refuse(
              `messages.${i}.content.${j}: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${id}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`,
            );
          }
          answered.add(id);
          messages.push({
            role: 'tool',
            toolCallId: id,
            content: toolResultText(block.content, i, j),
            ...(block.is_error === true && { isError: true }),
          });
        } else {
          refuse(`messages.${i}.content.${j}: a user message cannot hold a ${block.type} block`);
        }
      });
      if (parts.length > 0) messages.push({ role: 'user', content: parts });
    }
    if (pending !== undefined) {
      const missing = [...pending.ids].filter((id) => !answered.has(id));
      if (missing.length > 0) {
        refuse(
          `messages.${pending.index}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${missing.join(', ')}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`,
        );
      }
      pending = undefined;
    }
    if (role === 'assistant') {
      let text = '';
      const toolCalls: ToolCall[] = [];
      blocks.forEach((block, j) => {
        if (block.type === 'text') text += block.text as string;
        else if (block.type === 'thinking') {
          if (typeof block.thinking !== 'string')
            refuse(`messages.${i}.content.${j}.thinking.thinking: Field required`);
          if (!isFakeSignature('anthropic', block.thinking, block.signature))
            refuse(`messages.${i}.content.${j}: Invalid \`signature\` in \`thinking\` block`);
        } else if (block.type === 'redacted_thinking') {
          if (typeof block.data !== 'string' || block.data === '')
            refuse(`messages.${i}.content.${j}.redacted_thinking.data: Field required`);
        } else if (block.type === 'tool_use') {
          if (
            typeof block.id !== 'string' ||
            typeof block.name !== 'string' ||
            !isObject(block.input)
          )
            refuse(
              `messages.${i}.content.${j}: tool_use blocks need an id, a name and an input object`,
            );
          toolCalls.push({ id: block.id, name: block.name, arguments: block.input });
        } else {
          refuse(
            `messages.${i}.content.${j}: an assistant message cannot hold a ${block.type} block`,
          );
        }
      });
      messages.push({
        role: 'assistant',
        ...(text !== '' && { content: text }),
        ...(toolCalls.length > 0 && { toolCalls }),
      });
      if (toolCalls.length > 0) pending = { index: i, ids: new Set(toolCalls.map((c) => c.id)) };
    }
  });
  if (pending !== undefined) {
    refuse(
      `messages.${pending.index}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${[...pending.ids].join(', ')}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`,
    );
  }
  return messages;
}

function contentBlocks(content: unknown, i: number): Json[] {
  if (typeof content === 'string') {
    if (content === '') refuse(`messages.${i}: user messages must have non-empty content`);
    return [{ type: 'text', text: content }];
  }
  if (!Array.isArray(content))
    refuse(`messages.${i}.content: Input should be a valid string or list`);
  if (content.length === 0) refuse(`messages.${i}: all messages must have non-empty content`);
  return content.map((block, j) => {
    if (!isObject(block) || typeof block.type !== 'string')
      refuse(`messages.${i}.content.${j}: Input should be a valid content block`);
    if (block.type === 'text' && (typeof block.text !== 'string' || block.text === ''))
      refuse(`messages.${i}.content.${j}: text content blocks must be non-empty`);
    if (block.type === 'tool_result' && typeof block.tool_use_id !== 'string')
      refuse(`messages.${i}.content.${j}.tool_use_id: Field required`);
    if (
      !['text', 'image', 'tool_use', 'tool_result', 'thinking', 'redacted_thinking'].includes(
        block.type,
      )
    )
      refuse(
        `messages.${i}.content.${j}: only text, image, thinking, redacted_thinking, tool_use and tool_result blocks are supported by this fake`,
      );
    return block;
  });
}

const MEDIA_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp'];

/** An image block's source, as Anthropic checks it, as an image part. */
function imagePart(block: Json, i: number, j: number): ContentPart {
  const at = `messages.${i}.content.${j}.image.source`;
  const source = block.source;
  if (!isObject(source)) refuse(`${at}: Field required`);
  if (source.type === 'base64') {
    if (!MEDIA_TYPES.includes(source.media_type as string))
      refuse(
        `${at}.base64.media_type: Input should be 'image/jpeg', 'image/png', 'image/gif' or 'image/webp'`,
      );
    if (typeof source.data !== 'string' || source.data === '')
      refuse(`${at}.base64.data: Field required`);
    return {
      type: 'image',
      data: source.data,
      mediaType: source.media_type as 'image/png',
    };
  }
  if (source.type === 'url') {
    if (typeof source.url !== 'string' || !/^https?:\/\//.test(source.url))
      refuse(`${at}.url.url: Input should be a valid URL`);
    return { type: 'image', url: source.url };
  }
  return refuse(
    `${at}: Input tag '${String(source.type)}' found using 'type' does not match any of the expected tags: 'base64', 'url'`,
  );
}

function toolResultText(content: unknown, i: number, j: number): string {
  if (content === undefined || typeof content === 'string') return content ?? '';
  if (Array.isArray(content)) {
    return content
      .map((part) => {
        if (!isObject(part) || part.type !== 'text' || typeof part.text !== 'string')
          refuse(`messages.${i}.content.${j}.content: only text blocks are supported by this fake`);
        return part.text;
      })
      .join('');
  }
  refuse(`messages.${i}.content.${j}.content: Input should be a valid string or list`);
}

function parseStop(raw: unknown): string[] | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!Array.isArray(raw) || !raw.every((s) => typeof s === 'string'))
    refuse('stop_sequences: Input should be a valid list of strings');
  return raw.length > 0 ? raw : undefined;
}

function parseTools(raw: unknown): ToolDefinition[] | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!Array.isArray(raw)) refuse('tools: Input should be a valid list');
  return raw.map((tool, i) => {
    if (!isObject(tool) || typeof tool.name !== 'string') refuse(`tools.${i}.name: Field required`);
    if (!TOOL_NAME.test(tool.name))
      refuse(`tools.${i}.name: String should match pattern '^[a-zA-Z0-9_-]{1,64}$'`);
    if (!isObject(tool.input_schema)) refuse(`tools.${i}.input_schema: Field required`);
    if (tool.input_schema.type !== 'object')
      refuse(`tools.${i}.input_schema.type: Input should be 'object'`);
    return {
      name: tool.name,
      ...(typeof tool.description === 'string' && { description: tool.description }),
      parameters: tool.input_schema,
    };
  });
}

function parseToolChoice(
  raw: unknown,
  tools: ToolDefinition[] | undefined,
): ToolChoice | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (tools === undefined || tools.length === 0)
    refuse('tool_choice: tool_choice may only be specified while providing tools');
  if (!isObject(raw)) refuse('tool_choice: Input should be a valid dictionary');
  switch (raw.type) {
    case 'auto':
      return 'auto';
    case 'none':
      return 'none';
    case 'any':
      return 'required';
    case 'tool':
      if (typeof raw.name !== 'string') refuse('tool_choice.tool.name: Field required');
      if (!tools.some((t) => t.name === raw.name))
        refuse(`tool_choice: tool "${raw.name}" is not among the tools`);
      return { name: raw.name };
    default:
      refuse(
        `tool_choice: Input tag '${String(raw.type)}' found using 'type' does not match any of the expected tags: 'auto', 'any', 'tool', 'none'`,
      );
  }
}

function parseOutputConfig(raw: unknown): FakeChatRequest['responseFormat'] {
  if (raw === undefined || raw === null) return undefined;
  if (!isObject(raw)) refuse('output_config: Input should be a valid dictionary');
  const format = raw.format;
  if (format === undefined || format === null) return undefined;
  if (!isObject(format) || format.type !== 'json_schema')
    refuse("output_config.format.type: Input should be 'json_schema'");
  if (!isObject(format.schema)) refuse('output_config.format.schema: Field required');
  return { type: 'json', schema: format.schema };
}

const vendor: FakeVendor = {
  name: 'anthropic',
  title: 'Anthropic',
  basePath: '',
  defaultApiKey: 'sk-ant-api03-fake-0123456789abcdef',
  ids: {
    response: (n) => `msg_fake_${n}`,
    toolCall: (n, index) => `toolu_fake${n}_${index}`,
  },
  isChatRoute: (method, path) => method === 'POST' && path === '/v1/messages',
  apiKeyOf: (headers) =>
    headers['x-api-key'] || /^Bearer (.+)$/i.exec(headers.authorization ?? '')?.[1],
  parseChat: (body, request) => {
    try {
      return { chat: parseBody(body, request.headers) };
    } catch (error) {
      if (error instanceof Refusal) return { problem: error.problem };
      throw error;
    }
  },
  responseHeaders: (n) => ({ 'request-id': `req_fake_${n}` }),
  renderReply: (reply, _chat, body) => ({
    id: reply.id,
    type: 'message',
    role: 'assistant',
    model: reply.model,
    content: contentOf(reply, body),
    stop_reason: STOP_REASON[reply.finishReason],
    stop_sequence: null,
    usage: usageOf(reply),
  }),
  renderStream: (reply, _chat, body, chunking) => renderStream(reply, body, chunking),
  renderStreamError: (type, message) =>
    sse('error', errorBody(type ?? 'overloaded_error', message ?? 'Overloaded')),
  renderError,
  renderUnauthorized: (key) => ({
    status: 401,
    body: errorBody(
      'authentication_error',
      key === undefined ? 'x-api-key header is required' : 'invalid x-api-key',
    ),
  }),
  renderNotFound: () => ({ status: 404, body: errorBody('not_found_error', 'Not Found') }),
  renderBadRequest: (problem) => ({
    status: 400,
    body: errorBody('invalid_request_error', problem.message),
  }),
};

/**
 * Starts a fake Anthropic API on 127.0.0.1: `POST /v1/messages` with the key in `x-api-key` (as
 * `@anthropic-ai/sdk` 0.x sends it) or `Authorization: Bearer` (1.x), `anthropic-version`
 * required; content-block answers with usage that leaves cache reads and writes out of
 * `input_tokens`, as Anthropic does; SSE streams whose every frame has an `event:` line
 * (`message_start`, `ping`, `content_block_*`, `message_delta` with the stop reason and output
 * tokens, `message_stop`) and no `[DONE]`; Anthropic's error bodies, `request-id` on every answer,
 * and `event: error` as its mid-stream error frame (`overloaded_error` unless told otherwise).
 *
 * With `thinking` turned on in the request, a scripted `reasoning` comes first as a `thinking`
 * block (streamed as `thinking_delta`s, then a `signature_delta`) with a signature the fake
 * checks when the block is sent back: an altered or unknown signature is refused, and so is an
 * assistant turn with `tool_use` that does not start with its thinking block, as Claude refuses
 * them. A scripted `reasoningTokens` is reported as `output_tokens_details.thinking_tokens`.
 *
 * It refuses what Anthropic refuses, with its 400: a `system` role among the messages, roles that
 * do not alternate, a `tool_use` left without a `tool_result` in the next message (or the other
 * way round), empty text, no `max_tokens`, a temperature above 1, unknown top-level fields
 * (`seed`), `tool_choice` without tools. Anthropic has no JSON mode: the `chat` view reports
 * core's `JSON_OUTPUT_INSTRUCTION` system block as `responseFormat: { type: 'json' }`, and
 * `output_config.format` as JSON with a schema.
 *
 * Point the SDK at it with `new Anthropic({ apiKey: server.apiKey, baseURL: server.baseURL })`.
 */
export function startFakeAnthropic(options: FakeServerOptions = {}): Promise<FakeServer> {
  return startFakeServer(vendor, options);
}
