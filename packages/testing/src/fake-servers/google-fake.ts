import type {
  ContentPart,
  FinishReason,
  JsonSchema,
  Message,
  ToolCall,
  ToolChoice,
  ToolDefinition,
} from '@switchyard/core';
import { googleEmbeddings } from './fake-embeddings.js';
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

// The Gemini API (`generateContent`, `streamGenerateContent?alt=sse`) as @google/generative-ai
// meets it: `x-goog-api-key`, contents of parts, no tool-call ids, data-only SSE frames ending
// with `\r\n\r\n` and no terminator (the stream ends when the connection closes), a mid-stream
// error sent as an ordinary chunk, and google.rpc error bodies with the retry wait in `RetryInfo`.

type Json = Record<string, unknown>;

const FINISH: Record<FinishReason, string> = {
  stop: 'STOP',
  length: 'MAX_TOKENS',
  // Gemini has no reason of its own for tool calls: a function call ends with STOP.
  'tool-calls': 'STOP',
  'content-filter': 'SAFETY',
  error: 'MALFORMED_FUNCTION_CALL',
  other: 'OTHER',
};

const STATUS_NAME: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  408: 'DEADLINE_EXCEEDED',
  409: 'ABORTED',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  501: 'UNIMPLEMENTED',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};
const CODE_OF_STATUS: Record<string, number> = {
  INVALID_ARGUMENT: 400,
  FAILED_PRECONDITION: 400,
  PERMISSION_DENIED: 403,
  NOT_FOUND: 404,
  RESOURCE_EXHAUSTED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
  DEADLINE_EXCEEDED: 504,
};

const MESSAGES: Record<string, string> = {
  INVALID_ARGUMENT: 'Request contains an invalid argument.',
  UNAUTHENTICATED:
    'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
  PERMISSION_DENIED: 'The caller does not have permission',
  NOT_FOUND:
    'models/gemini-fake is not found for API version v1beta, or is not supported for generateContent.',
  DEADLINE_EXCEEDED: 'Deadline expired before operation could complete.',
  ABORTED: 'The operation was aborted.',
  RESOURCE_EXHAUSTED: 'Resource has been exhausted (e.g. check quota).',
  INTERNAL: 'An internal error has occurred. Please retry or report the problem.',
  UNAVAILABLE: 'The model is overloaded. Please try again later.',
};

const statusName = (status: number): string =>
  STATUS_NAME[status] ?? (status >= 500 ? 'INTERNAL' : 'FAILED_PRECONDITION');

function googleError(code: number, status: string, message: string, details?: Json[]): Json {
  return {
    error: {
      code,
      message,
      status,
      ...(details !== undefined && details.length > 0 && { details }),
    },
  };
}

// Gemini asks for a wait in the body, as a protobuf duration ("7s"); headers carry nothing.
function retryDelay(script: FakeErrorScript): string | undefined {
  if (script.retryAfterMs !== undefined) return `${script.retryAfterMs / 1000}s`;
  if (script.retryAfter === undefined) return undefined;
  const seconds = Number(script.retryAfter);
  if (Number.isFinite(seconds)) return `${seconds}s`;
  const date = Date.parse(String(script.retryAfter));
  return Number.isNaN(date) ? undefined : `${Math.max(0, Math.ceil((date - Date.now()) / 1000))}s`;
}

function renderError(script: FakeErrorScript): RenderedError {
  const status = statusName(script.status);
  const reasonMessage =
    script.reason === 'context-length'
      ? 'The input token count (1048577) exceeds the maximum number of tokens allowed (1048576).'
      : script.reason === 'content-filter'
        ? // Gemini blocks prompts in a 200 answer (promptFeedback); this stands in for a refusal.
          'The request was blocked due to the safety settings.'
        : undefined;
  const delay = retryDelay(script);
  const details: Json[] = [];
  if (script.code !== undefined) {
    details.push({
      '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
      reason: script.code,
      domain: 'googleapis.com',
    });
  }
  if (delay !== undefined) {
    details.push({ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: delay });
  }
  return {
    status: script.status,
    body: googleError(
      script.status,
      status,
      script.message ?? reasonMessage ?? MESSAGES[status] ?? `HTTP ${script.status}`,
      details,
    ),
  };
}

function usageOf(reply: ResolvedReply): Json {
  const { usage } = reply;
  const thoughts = usage.reasoningTokens ?? 0;
  return {
    promptTokenCount: usage.inputTokens,
    candidatesTokenCount: usage.outputTokens - thoughts,
    totalTokenCount: usage.inputTokens + usage.outputTokens,
    ...(usage.cachedInputTokens !== undefined && {
      cachedContentTokenCount: usage.cachedInputTokens,
    }),
    ...(usage.reasoningTokens !== undefined && { thoughtsTokenCount: thoughts }),
  };
}

// Gemini 3 signs its function calls: the first call of each step carries a `thoughtSignature`,
// and a replayed step without it is refused. (Gemini 2.5 signs only with thinking on, and
// requires nothing: the fake leaves its answers unsigned.)
const SIGNS_CALLS = /^(?:models\/)?gemini-3/;
const REQUIRES_SIGNATURES = SIGNS_CALLS;

const callContent = (call: Json): string =>
  `${String(call.name)}:${JSON.stringify(call.args ?? {})}`;

function functionCallParts(reply: ResolvedReply, model: string | undefined): Json[] {
  return reply.toolCalls.map((call, index) => {
    const functionCall = { name: call.name, args: call.argumentsValue ?? {} };
    const signed = index === 0 && model !== undefined && SIGNS_CALLS.test(model);
    return {
      functionCall,
      ...(signed && { thoughtSignature: fakeSignature('google', callContent(functionCall)) }),
    };
  });
}

/** The thought summary to render: scripted, and asked for with `thinkingConfig.includeThoughts`. */
function thoughtsOf(reply: ResolvedReply, body: unknown): string | undefined {
  const config = isObject(body) && isObject(body.generationConfig) ? body.generationConfig : {};
  const thinking = isObject(config.thinkingConfig) ? config.thinkingConfig : {};
  return reply.reasoning !== undefined &&
    reply.reasoning !== '' &&
    thinking.includeThoughts === true
    ? reply.reasoning
    : undefined;
}

function partsOf(reply: ResolvedReply, chat: FakeChatRequest, body: unknown): Json[] {
  const thoughts = thoughtsOf(reply, body);
  const parts: Json[] = thoughts === undefined ? [] : [{ text: thoughts, thought: true }];
  if (reply.text !== '') parts.push({ text: reply.text });
  parts.push(...functionCallParts(reply, chat.model));
  return parts;
}

function candidate(parts: Json[], finishReason: string | undefined): Json {
  return {
    content: { role: 'model', parts },
    ...(finishReason !== undefined && { finishReason }),
    index: 0,
    ...(finishReason === 'SAFETY' && {
      safetyRatings: [
        { category: 'HARM_CATEGORY_DANGEROUS_CONTENT', probability: 'HIGH', blocked: true },
      ],
    }),
  };
}

const frame = (data: Json): string => `data: ${JSON.stringify(data)}\r\n\r\n`;

function renderStream(
  reply: ResolvedReply,
  chat: FakeChatRequest,
  body: unknown,
  chunking: Chunking,
): RenderedStream {
  const chunk = (parts: Json[], finishReason?: string, usage?: Json): string =>
    frame({
      candidates: [candidate(parts, finishReason)],
      // Every chunk reports the prompt so far; the last one the whole usage.
      usageMetadata: usage ?? {
        promptTokenCount: reply.usage.inputTokens,
        totalTokenCount: reply.usage.inputTokens,
      },
      modelVersion: reply.model,
      responseId: reply.id,
    });
  const content = chunkText(thoughtsOf(reply, body) ?? '', chunking.textChunkSize).map((text) =>
    chunk([{ text, thought: true }]),
  );
  content.push(...chunkText(reply.text, chunking.textChunkSize).map((text) => chunk([{ text }])));
  // Gemini sends each function call whole, in one part.
  for (const part of functionCallParts(reply, chat.model)) content.push(chunk([part]));
  const tail = [chunk([{ text: '' }], FINISH[reply.finishReason], usageOf(reply))];
  return { head: [], content, tail, terminator: undefined };
}

// ---- Parsing the request back into Switchyard terms, refusing what Gemini refuses. ----

class Refusal extends Error {
  constructor(readonly problem: FakeProblem) {
    super(problem.message);
  }
}

function refuse(message: string): never {
  throw new Refusal({ message });
}

const unknownField = (name: string, at: string): never =>
  refuse(`Invalid JSON payload received. Unknown name "${name}" at '${at}': Cannot find field.`);

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const ROUTE =
  /^\/(v1|v1beta|v1alpha)\/((?:models|tunedModels)\/[^/:]+):(generateContent|streamGenerateContent)$/;
const TOP_LEVEL = new Set([
  'contents',
  'systemInstruction',
  'tools',
  'toolConfig',
  'generationConfig',
  'safetySettings',
  'cachedContent',
  'labels',
]);
const GENERATION_CONFIG = new Set([
  'candidateCount',
  'stopSequences',
  'maxOutputTokens',
  'temperature',
  'topP',
  'topK',
  'seed',
  'responseMimeType',
  'responseSchema',
  'presencePenalty',
  'frequencyPenalty',
  'responseLogprobs',
  'logprobs',
  'thinkingConfig',
  'responseModalities',
]);
// The fields of Gemini's Schema object (an OpenAPI 3.0 subset). Anything else is refused.
const SCHEMA_FIELDS = new Set([
  'type',
  'format',
  'title',
  'description',
  'nullable',
  'enum',
  'maxItems',
  'minItems',
  'properties',
  'required',
  'minProperties',
  'maxProperties',
  'minLength',
  'maxLength',
  'pattern',
  'example',
  'anyOf',
  'propertyOrdering',
  'default',
  'items',
  'minimum',
  'maximum',
]);
const SCHEMA_TYPES = new Set(['string', 'number', 'integer', 'boolean', 'array', 'object']);

/** Checks a Gemini schema and returns it as JSON Schema (types in lower case). */
function parseSchema(raw: unknown, at: string): JsonSchema {
  if (!isObject(raw)) refuse(`Invalid value at '${at}': expected a Schema object.`);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (!SCHEMA_FIELDS.has(key)) unknownField(key, at);
    if (key === 'type') {
      const type = String(value).toLowerCase();
      if (!SCHEMA_TYPES.has(type))
        refuse(
          `Invalid value at '${at}.type' (type.googleapis.com/google.ai.generativelanguage.v1beta.Type), "${String(value)}"`,
        );
      out.type = type;
    } else if (key === 'properties') {
      if (!isObject(value)) refuse(`Invalid value at '${at}.properties': expected a map.`);
      out.properties = Object.fromEntries(
        Object.entries(value).map(([name, schema]) => [
          name,
          parseSchema(schema, `${at}.properties[${name}].value`),
        ]),
      );
    } else if (key === 'items') {
      out.items = parseSchema(value, `${at}.items`);
    } else if (key === 'anyOf') {
      if (!Array.isArray(value)) refuse(`Invalid value at '${at}.anyOf': expected a list.`);
      out.anyOf = value.map((schema, i) => parseSchema(schema, `${at}.any_of[${i}]`));
    } else if (key === 'enum') {
      if (!Array.isArray(value) || !value.every((v) => typeof v === 'string'))
        refuse(`Invalid value at '${at}.enum': enum values must be strings.`);
      out.enum = value;
    } else {
      out[key] = value;
    }
  }
  // Gemini has no free-form objects or arrays: an OBJECT needs properties and an ARRAY its items.
  if (
    out.type === 'object' &&
    !(isObject(out.properties) && Object.keys(out.properties).length > 0)
  )
    refuse(`* ${at}.properties: should be non-empty for OBJECT type`);
  if (out.type === 'array' && out.items === undefined) refuse(`* ${at}.items: missing field.`);
  return out;
}

interface ParsedTurn {
  readonly role: string;
  readonly parts: readonly Json[];
}

function parseBody(
  body: unknown,
  request: { path: string; query: Readonly<Record<string, string>> },
): FakeChatRequest {
  const route = ROUTE.exec(request.path);
  const stream = route?.[3] === 'streamGenerateContent';
  if (stream && request.query.alt !== 'sse') {
    refuse('This fake streams Server-Sent Events only: add ?alt=sse, as the SDK does.');
  }
  if (!isObject(body)) refuse('Invalid JSON payload received. Expected an object.');
  for (const key of Object.keys(body)) if (!TOP_LEVEL.has(key)) unknownField(key, 'request');
  if (!Array.isArray(body.contents) || body.contents.length === 0)
    refuse('* GenerateContentRequest.contents: contents is not specified');
  const turns = body.contents.map((content, i): ParsedTurn => {
    if (!isObject(content)) refuse(`Invalid value at 'contents[${i}]': expected a Content object.`);
    const role = content.role ?? 'user';
    if (role !== 'user' && role !== 'model' && role !== 'function')
      refuse(`Please use a valid role: user, model.`);
    if (!Array.isArray(content.parts) || content.parts.length === 0)
      refuse(`* GenerateContentRequest.contents[${i}].parts: contents.parts must not be empty.`);
    return { role: String(role), parts: content.parts.map((part, j) => parsePart(part, i, j)) };
  });
  const config = parseGenerationConfig(body.generationConfig);
  const tools = parseTools(body.tools);
  const model = route?.[2]?.replace(/^models\//, '');
  checkSignatures(turns, model);
  return {
    model,
    system: parseSystem(body.systemInstruction),
    messages: toMessages(turns),
    tools,
    toolChoice: parseToolConfig(body.toolConfig, tools),
    responseFormat: config.responseFormat,
    temperature: config.temperature,
    topP: config.topP,
    maxTokens: config.maxTokens,
    stop: config.stop,
    seed: config.seed,
    stream,
  };
}

// Signatures sent back must be the ones issued for that call. Gemini 3 also requires one on the
// first function call of each step of the current turn (the turn starts at the last user text).
function checkSignatures(turns: readonly ParsedTurn[], model: string | undefined): void {
  let turnStart = 0;
  turns.forEach((turn, i) => {
    if (turn.role !== 'model' && turn.parts.some((p) => typeof p.text === 'string')) turnStart = i;
  });
  turns.forEach((turn, i) => {
    if (turn.role !== 'model') return;
    let first = true;
    turn.parts.forEach((part, j) => {
      const call = part.functionCall as Json | undefined;
      if (call === undefined) return;
      const signature = part.thoughtSignature;
      if (signature !== undefined && !isFakeSignature('google', callContent(call), signature))
        refuse('Corrupted thought signature.');
      if (
        first &&
        i > turnStart &&
        signature === undefined &&
        model !== undefined &&
        REQUIRES_SIGNATURES.test(model)
      ) {
        refuse(
          `Function call is missing a thought_signature in functionCall parts. This is required for tools to work correctly, and missing thought_signature may lead to degraded model performance. Additional data, function call \`default_api:${String(call.name)}\` , position ${j + 1}. Please refer to https://ai.google.dev/gemini-api/docs/thought-signatures for more details.`,
        );
      }
      first = false;
    });
  });
}

function parsePart(part: unknown, i: number, j: number): Json {
  const at = `contents[${i}].parts[${j}]`;
  if (!isObject(part)) refuse(`Invalid value at '${at}': expected a Part object.`);
  for (const key of Object.keys(part)) {
    if (
      ![
        'text',
        'inlineData',
        'fileData',
        'functionCall',
        'functionResponse',
        'thought',
        'thoughtSignature',
      ].includes(key)
    )
      unknownField(key, at);
  }
  if (part.functionCall !== undefined) {
    const call = part.functionCall;
    if (!isObject(call) || typeof call.name !== 'string')
      refuse(`* GenerateContentRequest.${at}.function_call.name: Name cannot be empty.`);
    if (call.args !== undefined && !isObject(call.args))
      refuse(
        `Invalid value at '${at}.function_call.args' (type.googleapis.com/google.protobuf.Struct)`,
      );
  } else if (part.functionResponse !== undefined) {
    const response = part.functionResponse;
    if (!isObject(response) || typeof response.name !== 'string')
      refuse(`* GenerateContentRequest.${at}.function_response.name: Name cannot be empty.`);
    if (!isObject(response.response))
      refuse(
        `Invalid value at '${at}.function_response.response' (type.googleapis.com/google.protobuf.Struct)`,
      );
  } else if (part.inlineData !== undefined) {
    const data = part.inlineData;
    if (!isObject(data) || typeof data.mimeType !== 'string' || data.mimeType === '')
      refuse(`* GenerateContentRequest.${at}.inline_data.mime_type: Mime type cannot be empty.`);
    if (typeof data.data !== 'string' || !/^[A-Za-z0-9+/]+={0,2}$/.test(data.data))
      refuse(`Invalid value at '${at}.inline_data.data' (TYPE_BYTES), Base64 decoding failed`);
  } else if (part.fileData !== undefined) {
    const file = part.fileData;
    if (!isObject(file) || typeof file.fileUri !== 'string' || file.fileUri === '')
      refuse(`* GenerateContentRequest.${at}.file_data.file_uri: File URI cannot be empty.`);
    if (typeof file.mimeType !== 'string' || file.mimeType === '')
      refuse(`* GenerateContentRequest.${at}.file_data.mime_type: Mime type cannot be empty.`);
  } else if (typeof part.text !== 'string') {
    refuse(
      `* GenerateContentRequest.${at}.data: required oneof field 'data' must have one initialized field`,
    );
  }
  return part;
}

// A function response's `output` or `error` key carries the result (Gemini's convention);
// otherwise the whole `response` object is the result.
function toolResult(response: Json): { content: string; isError: boolean } {
  const keys = Object.keys(response);
  const only = keys.length === 1 ? keys[0] : undefined;
  if (only === 'output' || only === 'error') {
    const value = response[only];
    return {
      content: typeof value === 'string' ? value : JSON.stringify(value),
      isError: only === 'error',
    };
  }
  return { content: JSON.stringify(response), isError: false };
}

function toMessages(turns: readonly ParsedTurn[]): Message[] {
  const messages: Message[] = [];
  let pending: { index: number; names: string[] } | undefined;
  turns.forEach((turn, i) => {
    const responses = turn.parts.filter((p) => p.functionResponse !== undefined);
    if (pending !== undefined) {
      if (responses.length !== pending.names.length) {
        refuse(
          'Please ensure that the number of function response parts is equal to the number of function call parts of the function call turn.',
        );
      }
      for (const part of responses) {
        const name = (part.functionResponse as Json).name as string;
        if (!pending.names.includes(name))
          refuse(
            `* contents[${i}]: function response "${name}" answers no function call of the previous turn.`,
          );
      }
      pending = undefined;
    } else if (responses.length > 0) {
      refuse(
        'Please ensure that function response turn comes immediately after a function call turn.',
      );
    }
    if (turn.role === 'model') {
      let text = '';
      const toolCalls: ToolCall[] = [];
      for (const part of turn.parts) {
        if (typeof part.text === 'string') text += part.text;
        const call = part.functionCall as Json | undefined;
        if (call !== undefined) {
          // No ids on the wire: the view names each call by its function.
          const name = call.name as string;
          toolCalls.push({ id: name, name, arguments: (call.args as Json | undefined) ?? {} });
        }
      }
      messages.push({
        role: 'assistant',
        ...(text !== '' && { content: text }),
        ...(toolCalls.length > 0 && { toolCalls }),
      });
      if (toolCalls.length > 0) pending = { index: i, names: toolCalls.map((c) => c.name) };
      return;
    }
    // A turn with images is one user message of parts (as sent); text alone, one per part.
    if (turn.parts.some((part) => part.inlineData !== undefined || part.fileData !== undefined)) {
      messages.push({ role: 'user', content: turn.parts.map(userPart) });
      return;
    }
    for (const part of turn.parts) {
      const response = part.functionResponse as Json | undefined;
      if (response !== undefined) {
        const name = response.name as string;
        const result = toolResult(response.response as Json);
        messages.push({
          role: 'tool',
          toolCallId: name,
          name,
          content: result.content,
          ...(result.isError && { isError: true }),
        });
      } else if (typeof part.text === 'string') {
        messages.push({ role: 'user', content: part.text });
      }
    }
  });
  if (pending !== undefined) {
    refuse(
      'Please ensure that the number of function response parts is equal to the number of function call parts of the function call turn.',
    );
  }
  return messages;
}

function userPart(part: Json): ContentPart {
  const inline = part.inlineData as Json | undefined;
  if (inline !== undefined)
    return {
      type: 'image',
      data: inline.data as string,
      mediaType: inline.mimeType as 'image/png',
    };
  const file = part.fileData as Json | undefined;
  if (file !== undefined)
    return { type: 'image', url: file.fileUri as string, mediaType: file.mimeType as 'image/png' };
  return { type: 'text', text: part.text as string };
}

function parseSystem(raw: unknown): string | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!isObject(raw) || !Array.isArray(raw.parts))
    refuse("Invalid value at 'system_instruction': expected a Content object.");
  const texts = raw.parts.map((part, i) => {
    if (!isObject(part) || typeof part.text !== 'string')
      refuse(`Invalid value at 'system_instruction.parts[${i}]': only text parts are allowed.`);
    return part.text;
  });
  return texts.length > 0 ? texts.join('\n\n') : undefined;
}

function optionalNumber(
  value: unknown,
  at: string,
  min?: number,
  max?: number,
): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || Number.isNaN(value))
    refuse(`Invalid value at '${at}' (TYPE_FLOAT), "${String(value)}"`);
  if ((min !== undefined && value < min) || (max !== undefined && value > max))
    refuse(`* GenerateContentRequest.${at}: ${at} must be in the range [${min}, ${max}].`);
  return value;
}

function parseGenerationConfig(raw: unknown) {
  const config = raw === undefined || raw === null ? {} : raw;
  if (!isObject(config)) refuse("Invalid value at 'generation_config': expected an object.");
  for (const key of Object.keys(config)) {
    if (!GENERATION_CONFIG.has(key)) unknownField(key, 'generation_config');
  }
  const mime = config.responseMimeType;
  if (
    mime !== undefined &&
    mime !== 'text/plain' &&
    mime !== 'application/json' &&
    mime !== 'text/x.enum'
  )
    refuse(
      `* GenerateContentRequest.generation_config.response_mime_type: allowed mimetypes are \`text/plain\`, \`application/json\`, \`text/x.enum\`.`,
    );
  if (config.responseSchema !== undefined && mime !== 'application/json' && mime !== 'text/x.enum')
    refuse(
      '* GenerateContentRequest.generation_config.response_schema: response_mime_type must be application/json or text/x.enum to use a response schema.',
    );
  const schema =
    config.responseSchema === undefined
      ? undefined
      : parseSchema(config.responseSchema, 'generation_config.response_schema');
  const stop = config.stopSequences;
  if (stop !== undefined && (!Array.isArray(stop) || stop.length > 5))
    refuse('* GenerateContentRequest.generation_config.stop_sequences: at most 5 stop sequences.');
  return {
    responseFormat:
      mime === 'application/json'
        ? ({ type: 'json', ...(schema !== undefined && { schema }) } as const)
        : undefined,
    temperature: optionalNumber(config.temperature, 'generation_config.temperature', 0, 2),
    topP: optionalNumber(config.topP, 'generation_config.top_p', 0, 1),
    maxTokens: optionalNumber(config.maxOutputTokens, 'generation_config.max_output_tokens', 1),
    stop: stop === undefined || stop.length === 0 ? undefined : stop.map(String),
    seed: optionalNumber(config.seed, 'generation_config.seed'),
  };
}

const FUNCTION_NAME = /^[a-zA-Z_][a-zA-Z0-9_.-]{0,63}$/;

function parseTools(raw: unknown): ToolDefinition[] | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!Array.isArray(raw)) refuse("Invalid value at 'tools': expected a list.");
  const tools: ToolDefinition[] = [];
  raw.forEach((tool, i) => {
    if (!isObject(tool)) refuse(`Invalid value at 'tools[${i}]': expected a Tool object.`);
    for (const key of Object.keys(tool)) {
      if (key !== 'functionDeclarations') unknownField(key, `tools[${i}]`);
    }
    const declarations = tool.functionDeclarations;
    if (!Array.isArray(declarations))
      refuse(`Invalid value at 'tools[${i}].function_declarations'.`);
    declarations.forEach((fn, j) => {
      const at = `tools[${i}].function_declarations[${j}]`;
      if (!isObject(fn) || typeof fn.name !== 'string' || !FUNCTION_NAME.test(fn.name))
        refuse(
          `* GenerateContentRequest.${at}.name: Invalid function name. Must start with a letter or an underscore. Must be a-z, A-Z, 0-9, or contain underscores, dots and dashes, with a maximum length of 64.`,
        );
      for (const key of Object.keys(fn)) {
        if (!['name', 'description', 'parameters', 'response'].includes(key)) unknownField(key, at);
      }
      tools.push({
        name: fn.name,
        ...(typeof fn.description === 'string' && { description: fn.description }),
        parameters:
          fn.parameters === undefined
            ? { type: 'object', properties: {} }
            : parseSchema(fn.parameters, `${at}.parameters`),
      });
    });
  });
  return tools;
}

function parseToolConfig(
  raw: unknown,
  tools: ToolDefinition[] | undefined,
): ToolChoice | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!isObject(raw) || !isObject(raw.functionCallingConfig))
    refuse("Invalid value at 'tool_config': expected a function_calling_config.");
  const { mode, allowedFunctionNames } = raw.functionCallingConfig;
  if (allowedFunctionNames !== undefined) {
    if (mode !== 'ANY')
      refuse(
        '* GenerateContentRequest.tool_config.function_calling_config.allowed_function_names: only allowed when mode is ANY.',
      );
    if (!Array.isArray(allowedFunctionNames)) refuse("Invalid value at 'allowed_function_names'.");
    for (const name of allowedFunctionNames) {
      if (!tools?.some((t) => t.name === name))
        refuse(`* GenerateContentRequest.tool_config: function "${String(name)}" is not declared.`);
    }
  }
  switch (mode) {
    case undefined:
    case 'MODE_UNSPECIFIED':
    case 'AUTO':
      return 'auto';
    case 'NONE':
      return 'none';
    case 'ANY':
      return Array.isArray(allowedFunctionNames) && allowedFunctionNames.length === 1
        ? { name: String(allowedFunctionNames[0]) }
        : 'required';
    default:
      refuse(`Invalid value at 'tool_config.function_calling_config.mode', "${String(mode)}"`);
  }
}

const vendor: FakeVendor = {
  name: 'google',
  title: 'Gemini',
  basePath: '',
  defaultApiKey: 'AIzaSyFake-gemini-0123456789abcdefghijk',
  ids: {
    response: (n) => `resp_fake_${n}`,
    // Gemini sends no tool-call ids; these are never rendered.
    toolCall: (n, index) => `fn_fake${n}_${index}`,
  },
  embeddings: googleEmbeddings,
  isChatRoute: (method, path) => method === 'POST' && ROUTE.test(path),
  apiKeyOf: (headers, query) => headers['x-goog-api-key'] ?? query.key,
  parseChat: (body, request) => {
    try {
      return { chat: parseBody(body, request) };
    } catch (error) {
      if (error instanceof Refusal) return { problem: error.problem };
      throw error;
    }
  },
  responseHeaders: () => ({}),
  renderReply: (reply, chat, body) => ({
    candidates: [candidate(partsOf(reply, chat, body), FINISH[reply.finishReason])],
    usageMetadata: usageOf(reply),
    modelVersion: reply.model,
    responseId: reply.id,
  }),
  renderStream: (reply, chat, body, chunking) => renderStream(reply, chat, body, chunking),
  renderStreamError: (type, message) => {
    const status = type ?? 'INTERNAL';
    return frame(
      googleError(
        CODE_OF_STATUS[status] ?? 500,
        status,
        message ?? MESSAGES.INTERNAL ?? 'Internal error',
      ),
    );
  },
  renderError,
  renderUnauthorized: (key) =>
    key === undefined
      ? {
          status: 403,
          body: googleError(
            403,
            'PERMISSION_DENIED',
            "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.",
          ),
        }
      : {
          // Gemini answers a wrong key with a 400, not a 401.
          status: 400,
          body: googleError(
            400,
            'INVALID_ARGUMENT',
            'API key not valid. Please pass a valid API key.',
            [
              {
                '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
                reason: 'API_KEY_INVALID',
                domain: 'googleapis.com',
                metadata: { service: 'generativelanguage.googleapis.com' },
              },
            ],
          ),
        },
  renderNotFound: (method, path) => ({
    status: 404,
    body: googleError(
      404,
      'NOT_FOUND',
      `The requested URL ${method} ${path} was not found on this server.`,
    ),
  }),
  renderBadRequest: (problem) => ({
    status: 400,
    body: googleError(400, 'INVALID_ARGUMENT', problem.message),
  }),
};

/**
 * Starts a fake Gemini API on 127.0.0.1, as `@google/generative-ai` calls it:
 * `POST /v1beta/models/{model}:generateContent` and `:streamGenerateContent?alt=sse` with the key
 * in `x-goog-api-key`; answers with candidates, parts and `usageMetadata` (no tool-call ids: a
 * function call is a `functionCall` part and ends with `STOP`); data-only SSE frames separated by
 * `\r\n\r\n`, with no `event:` line and no terminator (the stream ends when the connection
 * closes); google.rpc error bodies (`{ error: { code, message, status, details } }`) with a rate
 * limit's wait in `RetryInfo.retryDelay` and no `retry-after` header; and a mid-stream error sent
 * as an ordinary `data: {"error": ...}` chunk. A wrong key gets Gemini's 400 `API_KEY_INVALID`.
 * Also `:batchEmbedContents` and `:embedContent`, answering with `fakeEmbedding` vectors.
 *
 * It refuses what Gemini refuses: unknown fields (`additionalProperties` or `$schema` in a schema,
 * unknown generation settings), a function-response turn that does not answer the previous
 * function-call turn part for part, a response schema without the JSON MIME type, more than five
 * stop sequences. The `chat` view names tool calls and results by function name (Gemini has no
 * ids).
 *
 * Gemini 3 signs its function calls: on `gemini-3*` the first call of a step carries a
 * `thoughtSignature`, which the fake checks when the call is sent back (an unknown or altered one
 * gets 400 "Corrupted thought signature."), and a call of the current turn replayed without its
 * signature gets Gemini 3's 400. A scripted `reasoning`
 * comes as a `thought: true` part when the request sets `thinkingConfig.includeThoughts`, and
 * `reasoningTokens` as `thoughtsTokenCount` (left out of `candidatesTokenCount`, as Gemini does).
 *
 * Point the SDK at it with
 * `new GoogleGenerativeAI(server.apiKey).getGenerativeModel({ model }, { baseUrl: server.baseURL })`,
 * or `@google/genai` (same wire; it writes schema types as `STRING`, `OBJECT`, which the fake takes)
 * with `new GoogleGenAI({ apiKey: server.apiKey, httpOptions: { baseUrl: server.baseURL } })`.
 */
export function startFakeGoogle(options: FakeServerOptions = {}): Promise<FakeServer> {
  return startFakeServer(vendor, options);
}
