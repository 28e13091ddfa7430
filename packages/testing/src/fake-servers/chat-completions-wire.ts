import type {
  ContentPart,
  FinishReason,
  Message,
  ToolCall,
  ToolChoice,
  ToolDefinition,
} from '@switchyard/core';
import { chunkText } from './fake-reply.js';
import type { FakeChatRequest } from './fake-request.js';
import type { FakeErrorScript } from './fake-script.js';
import type {
  Chunking,
  FakeProblem,
  FakeVendor,
  RenderedError,
  RenderedStream,
  ResolvedReply,
} from './fake-vendor.js';

// The OpenAI chat-completions wire format, which OpenAI and Groq both speak. Each vendor fake
// supplies what differs: paths, wording of errors, where streamed usage goes.

type Json = Record<string, unknown>;

/** An error body's fields, in the vendor's words. */
export interface WireError {
  readonly message: string;
  readonly type: string;
  readonly code?: string | null | undefined;
  readonly param?: string | null | undefined;
}

/** What differs between two vendors that speak chat completions. */
export interface ChatCompletionsDialect {
  readonly name: string;
  readonly title: string;
  readonly basePath: string;
  /** The full path of the chat endpoint. */
  readonly chatPath: string;
  readonly defaultApiKey: string;
  readonly responseIdPrefix: string;
  /**
   * Where a stream's usage goes: a last `choices: []` chunk when the request set
   * `stream_options.include_usage` (OpenAI), or `x_groq.usage` on the finish chunk (Groq).
   */
  readonly streamUsage: 'stream-options' | 'x-groq';
  /** Refuse `stream_options` on a request that does not stream, as OpenAI does. */
  readonly checkStreamOptions: boolean;
  /** Refuse `json_object` without the word "json" in the messages, as OpenAI does. */
  readonly requireJsonWordForJsonMode: boolean;
  /**
   * The message field that carries a scripted `reasoning` (Groq's `reasoning`), given the
   * request body (which may ask to hide it); `undefined` where the vendor returns none (OpenAI).
   */
  readonly reasoningField: (body: unknown) => string | undefined;
  /** Fields added to every chat body and chunk (Groq's `x_groq`). */
  readonly extraFields: (reply: ResolvedReply) => Json;
  /** The usage object, with vendor extras. */
  readonly usageExtras: Json;
  /** The error body for a status, in the vendor's words. */
  errorFor(status: number, model: string | undefined): WireError;
  errorForReason(reason: 'context-length' | 'content-filter'): WireError;
  unauthorized(key: string | undefined): WireError;
  notFound(method: string, path: string): WireError;
  /** The type and message of a mid-stream error frame, unless a script says otherwise. */
  readonly streamErrorType: string;
  readonly streamErrorMessage: string;
}

const FINISH: Record<FinishReason, string> = {
  stop: 'stop',
  length: 'length',
  'tool-calls': 'tool_calls',
  'content-filter': 'content_filter',
  error: 'error',
  other: 'other',
};

/** A fake vendor that speaks chat completions with the given dialect. */
export function chatCompletionsVendor(dialect: ChatCompletionsDialect): FakeVendor {
  return {
    name: dialect.name,
    title: dialect.title,
    basePath: dialect.basePath,
    defaultApiKey: dialect.defaultApiKey,
    ids: {
      response: (n) => `${dialect.responseIdPrefix}${n}`,
      toolCall: (n, index) => `call_fake${n}_${index}`,
    },
    isChatRoute: (method, path) => method === 'POST' && path === dialect.chatPath,
    apiKeyOf: (headers) => /^Bearer (.+)$/i.exec(headers.authorization ?? '')?.[1],
    parseChat: (body) => parseChatCompletions(body, dialect),
    responseHeaders: (n) => ({ 'x-request-id': `req_fake_${n}` }),
    renderReply: (reply, _chat, body) => ({
      id: reply.id,
      object: 'chat.completion',
      created: reply.created,
      model: reply.model,
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: reply.text === '' && reply.toolCalls.length > 0 ? null : reply.text,
            refusal: null,
            ...reasoningOf(reply, body, dialect),
            ...(reply.toolCalls.length > 0 && {
              tool_calls: reply.toolCalls.map((call) => ({
                id: call.id,
                type: 'function',
                function: { name: call.name, arguments: call.argumentsText },
              })),
            }),
          },
          logprobs: null,
          finish_reason: FINISH[reply.finishReason],
        },
      ],
      usage: usageOf(reply, dialect),
      system_fingerprint: 'fp_fake',
      ...dialect.extraFields(reply),
    }),
    renderStream: (reply, _chat, body, chunking) => renderStream(reply, body, chunking, dialect),
    renderStreamError: (type, message) =>
      frame({
        error: {
          message: message ?? dialect.streamErrorMessage,
          type: type ?? dialect.streamErrorType,
          param: null,
          code: null,
        },
      }),
    renderError: (script) => renderError(script, dialect),
    renderUnauthorized: (key) => ({
      status: 401,
      body: { error: withNulls(dialect.unauthorized(key)) },
    }),
    renderNotFound: (method, path) => ({
      status: 404,
      body: { error: withNulls(dialect.notFound(method, path)) },
    }),
    renderBadRequest: (problem) => ({
      status: 400,
      body: {
        error: {
          message: problem.message,
          type: 'invalid_request_error',
          param: problem.param ?? null,
          code: problem.code ?? null,
        },
      },
    }),
  };
}

function withNulls(error: WireError): Json {
  return {
    message: error.message,
    type: error.type,
    param: error.param ?? null,
    code: error.code ?? null,
  };
}

function renderError(script: FakeErrorScript, dialect: ChatCompletionsDialect): RenderedError {
  const base =
    script.reason === undefined
      ? dialect.errorFor(script.status, undefined)
      : dialect.errorForReason(script.reason);
  const headers: Record<string, string> = {};
  if (script.retryAfter !== undefined) headers['retry-after'] = String(script.retryAfter);
  if (script.retryAfterMs !== undefined) headers['retry-after-ms'] = String(script.retryAfterMs);
  return {
    status: script.status,
    headers,
    body: {
      error: withNulls({
        ...base,
        message: script.message ?? base.message,
        code: script.code ?? base.code,
      }),
    },
  };
}

function usageOf(reply: ResolvedReply, dialect: ChatCompletionsDialect): Json {
  const { usage } = reply;
  return {
    prompt_tokens: usage.inputTokens,
    completion_tokens: usage.outputTokens,
    total_tokens: usage.inputTokens + usage.outputTokens,
    ...(usage.cachedInputTokens !== undefined && {
      prompt_tokens_details: { cached_tokens: usage.cachedInputTokens },
    }),
    ...(usage.reasoningTokens !== undefined && {
      completion_tokens_details: { reasoning_tokens: usage.reasoningTokens },
    }),
    ...dialect.usageExtras,
  };
}

function frame(data: unknown): string {
  return `data: ${JSON.stringify(data)}\n\n`;
}

function reasoningOf(
  reply: ResolvedReply,
  body: unknown,
  dialect: ChatCompletionsDialect,
): Record<string, string> {
  const field = dialect.reasoningField(body);
  return field === undefined || reply.reasoning === undefined || reply.reasoning === ''
    ? {}
    : { [field]: reply.reasoning };
}

function renderStream(
  reply: ResolvedReply,
  body: unknown,
  chunking: Chunking,
  dialect: ChatCompletionsDialect,
): RenderedStream {
  const includeUsage =
    dialect.streamUsage === 'stream-options' &&
    (body as { stream_options?: { include_usage?: unknown } }).stream_options?.include_usage ===
      true;
  const chunk = (choice: Json | undefined, extra: Json = {}): string =>
    frame({
      id: reply.id,
      object: 'chat.completion.chunk',
      created: reply.created,
      model: reply.model,
      system_fingerprint: 'fp_fake',
      choices:
        choice === undefined ? [] : [{ index: 0, logprobs: null, finish_reason: null, ...choice }],
      ...(includeUsage && { usage: null }),
      ...extra,
    });
  const groqId = { x_groq: { id: `req_${reply.id}` } };

  const head = [
    chunk(
      { delta: { role: 'assistant', content: reply.text === '' ? null : '' } },
      dialect.streamUsage === 'x-groq' ? groqId : {},
    ),
  ];
  const content: string[] = [];
  const reasoning = reasoningOf(reply, body, dialect);
  for (const [field, value] of Object.entries(reasoning)) {
    for (const text of chunkText(value, chunking.textChunkSize))
      content.push(chunk({ delta: { [field]: text } }));
  }
  for (const text of chunkText(reply.text, chunking.textChunkSize)) {
    content.push(chunk({ delta: { content: text } }));
  }
  reply.toolCalls.forEach((call, index) => {
    content.push(
      chunk({
        delta: {
          tool_calls: [
            { index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } },
          ],
        },
      }),
    );
    for (const piece of chunkText(call.argumentsText, chunking.argumentsChunkSize)) {
      content.push(chunk({ delta: { tool_calls: [{ index, function: { arguments: piece } }] } }));
    }
  });

  const finish = { delta: {}, finish_reason: FINISH[reply.finishReason] };
  const tail =
    dialect.streamUsage === 'x-groq'
      ? [chunk(finish, { x_groq: { ...groqId.x_groq, usage: usageOf(reply, dialect) } })]
      : [chunk(finish)];
  if (includeUsage) tail.push(chunk(undefined, { usage: usageOf(reply, dialect) }));
  return { head, content, tail, terminator: 'data: [DONE]\n\n' };
}

// ---- Parsing the request back into Switchyard's terms, refusing what the vendor refuses. ----

class Refusal extends Error {
  constructor(readonly problem: FakeProblem) {
    super(problem.message);
  }
}

function refuse(message: string, param?: string, code?: string): never {
  throw new Refusal({ message, param, code });
}

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function parseChatCompletions(
  body: unknown,
  dialect: ChatCompletionsDialect,
): { chat: FakeChatRequest } | { problem: FakeProblem } {
  try {
    return { chat: parseBody(body, dialect) };
  } catch (error) {
    if (error instanceof Refusal) return { problem: error.problem };
    throw error;
  }
}

function parseBody(body: unknown, dialect: ChatCompletionsDialect): FakeChatRequest {
  if (!isObject(body)) refuse('The request body must be a JSON object.');
  if (typeof body.model !== 'string' || body.model === '')
    refuse('you must provide a model parameter', 'model');
  if (!Array.isArray(body.messages))
    refuse("Missing required parameter: 'messages'.", 'messages', 'missing_required_parameter');
  if (body.messages.length === 0) {
    refuse(
      "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.",
      'messages',
      'empty_array',
    );
  }
  const stream = body.stream === true;
  if (dialect.checkStreamOptions && body.stream_options != null && !stream) {
    refuse(
      "The 'stream_options' parameter is only allowed when 'stream' is enabled.",
      'stream_options',
    );
  }
  const { system, messages } = parseMessages(body.messages);
  const tools = parseTools(body.tools);
  const toolChoice = parseToolChoice(body.tool_choice, tools);
  const responseFormat = parseResponseFormat(body.response_format, body.messages, dialect);
  const temperature = optionalNumber(body.temperature, 'temperature', 0, 2);
  const stop =
    typeof body.stop === 'string'
      ? [body.stop]
      : Array.isArray(body.stop)
        ? body.stop.map(String)
        : undefined;
  return {
    model: body.model,
    system,
    messages,
    tools,
    toolChoice,
    responseFormat,
    temperature,
    topP: optionalNumber(body.top_p, 'top_p', 0, 1),
    maxTokens: optionalNumber(
      body.max_completion_tokens ?? body.max_tokens,
      'max_completion_tokens',
      1,
    ),
    stop,
    seed: optionalNumber(body.seed, 'seed'),
    stream,
  };
}

function optionalNumber(
  value: unknown,
  param: string,
  min?: number,
  max?: number,
): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || Number.isNaN(value)) {
    refuse(
      `Invalid type for '${param}': expected a number, but got ${typeof value} instead.`,
      param,
      'invalid_type',
    );
  }
  if (max !== undefined && value > max) {
    refuse(
      `Invalid '${param}': decimal above maximum value. Expected a value <= ${max}, but got ${value} instead.`,
      param,
      'decimal_above_max_value',
    );
  }
  if (min !== undefined && value < min) {
    refuse(
      `Invalid '${param}': decimal below minimum value. Expected a value >= ${min}, but got ${value} instead.`,
      param,
      'decimal_below_min_value',
    );
  }
  return value;
}

const hasImages = (content: unknown): content is unknown[] =>
  Array.isArray(content) && content.some((part) => isObject(part) && part.type === 'image_url');

/** A user message's parts as sent: text, and `image_url` parts as image parts with that URL. */
function userParts(content: readonly unknown[], param: string): ContentPart[] {
  return content.map((part, i): ContentPart => {
    const at = `${param}[${i}]`;
    if (isObject(part) && part.type === 'text' && typeof part.text === 'string')
      return { type: 'text', text: part.text };
    if (isObject(part) && part.type === 'image_url') {
      const image = part.image_url;
      if (!isObject(image) || typeof image.url !== 'string')
        refuse(`Missing required parameter: '${at}.image_url.url'.`, `${at}.image_url.url`);
      if (!/^(?:https?:\/\/|data:image\/(?:png|jpeg|gif|webp);base64,)/.test(image.url))
        refuse(
          `Invalid image URL: '${at}.image_url.url'. Expected a base64-encoded data URL with an image MIME type (e.g. 'data:image/png;base64,aW1nIGJ5dGVzIGhlcmU='), or a URL.`,
          `${at}.image_url.url`,
          'invalid_image_url',
        );
      return { type: 'image', url: image.url };
    }
    return refuse(`Invalid '${at}': expected a text or image_url part.`, at);
  });
}

function textOf(content: unknown, param: string, nullable: boolean): string | undefined {
  if (typeof content === 'string') return content;
  if ((content === null || content === undefined) && nullable) return undefined;
  if (Array.isArray(content)) {
    return content
      .map((part, i) => {
        if (!isObject(part) || part.type !== 'text' || typeof part.text !== 'string') {
          refuse(
            `Invalid '${param}[${i}]': only text parts are supported by this fake.`,
            `${param}[${i}]`,
          );
        }
        return part.text;
      })
      .join('');
  }
  refuse(
    `Invalid type for '${param}': expected one of a string or array of objects, but got ${content === null ? 'null' : typeof content} instead.`,
    param,
    'invalid_type',
  );
}

function parseMessages(raw: readonly unknown[]): {
  system: string | undefined;
  messages: Message[];
} {
  const systems: string[] = [];
  const messages: Message[] = [];
  let awaiting: { index: number; ids: Set<string> } | undefined;
  raw.forEach((entry, i) => {
    const at = `messages[${i}]`;
    if (!isObject(entry))
      refuse(`Invalid type for '${at}': expected an object.`, at, 'invalid_type');
    const role = entry.role;
    if (awaiting !== undefined && awaiting.ids.size > 0 && role !== 'tool') {
      refuse(
        `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${[...awaiting.ids].join(', ')}`,
        `messages.[${awaiting.index}].role`,
      );
    }
    switch (role) {
      case 'system':
      case 'developer':
        systems.push(textOf(entry.content, `${at}.content`, false) ?? '');
        break;
      case 'user':
        messages.push({
          role: 'user',
          content: hasImages(entry.content)
            ? userParts(entry.content, `${at}.content`)
            : (textOf(entry.content, `${at}.content`, false) ?? ''),
        });
        break;
      case 'assistant': {
        const content = textOf(entry.content, `${at}.content`, true);
        const toolCalls = parseToolCalls(entry.tool_calls, at);
        if ((content === undefined || content === '') && toolCalls.length === 0) {
          refuse(
            `Invalid value for '${at}.content': expected a string, got null.`,
            `${at}.content`,
          );
        }
        messages.push({
          role: 'assistant',
          ...(content !== undefined && content !== '' && { content }),
          ...(toolCalls.length > 0 && { toolCalls }),
        });
        awaiting =
          toolCalls.length > 0 ? { index: i, ids: new Set(toolCalls.map((c) => c.id)) } : undefined;
        break;
      }
      case 'tool': {
        if (typeof entry.tool_call_id !== 'string') {
          refuse(
            `Missing required parameter: '${at}.tool_call_id'.`,
            `${at}.tool_call_id`,
            'missing_required_parameter',
          );
        }
        if (awaiting === undefined || !awaiting.ids.delete(entry.tool_call_id)) {
          refuse(
            "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.",
            `messages.[${i}].role`,
          );
        }
        messages.push({
          role: 'tool',
          toolCallId: entry.tool_call_id,
          content: textOf(entry.content, `${at}.content`, false) ?? '',
        });
        break;
      }
      default:
        refuse(
          `Invalid value: '${String(role)}'. Supported values are: 'system', 'assistant', 'user', 'function', 'tool', and 'developer'.`,
          `${at}.role`,
          'invalid_value',
        );
    }
  });
  if (awaiting !== undefined && awaiting.ids.size > 0) {
    refuse(
      `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${[...awaiting.ids].join(', ')}`,
      `messages.[${awaiting.index}].role`,
    );
  }
  return { system: systems.length > 0 ? systems.join('\n\n') : undefined, messages };
}

function parseToolCalls(raw: unknown, at: string): ToolCall[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw))
    refuse(
      `Invalid type for '${at}.tool_calls': expected an array.`,
      `${at}.tool_calls`,
      'invalid_type',
    );
  return raw.map((call, j) => {
    const where = `${at}.tool_calls[${j}]`;
    if (!isObject(call) || typeof call.id !== 'string') {
      refuse(
        `Missing required parameter: '${where}.id'.`,
        `${where}.id`,
        'missing_required_parameter',
      );
    }
    if (call.type !== 'function') {
      refuse(
        `Missing required parameter: '${where}.type'.`,
        `${where}.type`,
        'missing_required_parameter',
      );
    }
    const fn = call.function;
    if (!isObject(fn) || typeof fn.name !== 'string') {
      refuse(
        `Missing required parameter: '${where}.function.name'.`,
        `${where}.function.name`,
        'missing_required_parameter',
      );
    }
    if (typeof fn.arguments !== 'string') {
      refuse(
        `Invalid type for '${where}.function.arguments': expected a string, but got ${typeof fn.arguments} instead.`,
        `${where}.function.arguments`,
        'invalid_type',
      );
    }
    let args: unknown;
    try {
      args = JSON.parse(fn.arguments);
    } catch {
      args = undefined;
    }
    return { id: call.id, name: fn.name, arguments: isObject(args) ? args : {} };
  });
}

const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

function parseTools(raw: unknown): ToolDefinition[] | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!Array.isArray(raw))
    refuse("Invalid type for 'tools': expected an array.", 'tools', 'invalid_type');
  return raw.map((tool, i) => {
    if (!isObject(tool) || tool.type !== 'function' || !isObject(tool.function)) {
      refuse(
        `Missing required parameter: 'tools[${i}].function'.`,
        `tools[${i}].function`,
        'missing_required_parameter',
      );
    }
    const fn = tool.function;
    if (typeof fn.name !== 'string') {
      refuse(
        `Missing required parameter: 'tools[${i}].function.name'.`,
        `tools[${i}].function.name`,
        'missing_required_parameter',
      );
    }
    if (!TOOL_NAME.test(fn.name)) {
      refuse(
        `Invalid 'tools[${i}].function.name': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.`,
        `tools[${i}].function.name`,
        'invalid_value',
      );
    }
    return {
      name: fn.name,
      ...(typeof fn.description === 'string' && { description: fn.description }),
      parameters: isObject(fn.parameters) ? fn.parameters : {},
    };
  });
}

function parseToolChoice(
  raw: unknown,
  tools: ToolDefinition[] | undefined,
): ToolChoice | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (tools === undefined || tools.length === 0) {
    refuse(
      "Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are specified.",
      'tool_choice',
    );
  }
  if (raw === 'auto' || raw === 'none' || raw === 'required') return raw;
  if (
    isObject(raw) &&
    raw.type === 'function' &&
    isObject(raw.function) &&
    typeof raw.function.name === 'string'
  ) {
    return { name: raw.function.name };
  }
  refuse(
    `Invalid value for 'tool_choice': ${JSON.stringify(raw)}.`,
    'tool_choice',
    'invalid_value',
  );
}

function parseResponseFormat(
  raw: unknown,
  messages: readonly unknown[],
  dialect: ChatCompletionsDialect,
): FakeChatRequest['responseFormat'] {
  if (raw === undefined || raw === null) return undefined;
  if (!isObject(raw))
    refuse(
      "Invalid type for 'response_format': expected an object.",
      'response_format',
      'invalid_type',
    );
  if (raw.type === 'text') return undefined;
  if (raw.type === 'json_object') {
    if (dialect.requireJsonWordForJsonMode && !/json/i.test(JSON.stringify(messages))) {
      refuse(
        "'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.",
        'messages',
      );
    }
    return { type: 'json' };
  }
  if (raw.type === 'json_schema') {
    const spec = raw.json_schema;
    if (!isObject(spec)) {
      refuse(
        "Missing required parameter: 'response_format.json_schema'.",
        'response_format.json_schema',
        'missing_required_parameter',
      );
    }
    if (typeof spec.name !== 'string') {
      refuse(
        "Missing required parameter: 'response_format.json_schema.name'.",
        'response_format.json_schema.name',
        'missing_required_parameter',
      );
    }
    return {
      type: 'json',
      name: spec.name,
      ...(isObject(spec.schema) && { schema: spec.schema }),
      ...(typeof spec.strict === 'boolean' && { strict: spec.strict }),
    };
  }
  refuse(
    `Invalid value: '${String(raw.type)}'. Supported values are: 'json_object', 'json_schema', and 'text'.`,
    'response_format.type',
    'invalid_value',
  );
}
