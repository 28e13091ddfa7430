import { hasBlankOrControl } from '../config/model-ref.js';
import { InvalidRequestError } from '../errors/provider-errors.js';
import type { ChatRequest } from '../provider/chat-request.js';

const TOOL_NAME = /^[A-Za-z0-9_-]{1,64}$/;
/** A value named in a message, quoted, and cut at 80 characters. */
const quote = (text: string) => JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const isOptionalNumber = (v: unknown, min: number, max: number) =>
  v === undefined || (typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max);
const isOptionalPositiveInt = (v: unknown) =>
  v === undefined || (typeof v === 'number' && Number.isInteger(v) && v > 0);

/**
 * Checks a request before any routing work, by hand rather than with zod: it runs on every
 * request and must cost well under a microsecond for a typical conversation. Throws one
 * `InvalidRequestError` that lists every problem.
 */
export function validateChatRequest(request: ChatRequest): void {
  const problems: string[] = [];
  if (!isObject(request)) {
    throw new InvalidRequestError('Invalid request: expected an object with a messages array.', {
      code: 'invalid_request',
    });
  }
  const { messages } = request;
  if (!Array.isArray(messages) || messages.length === 0) {
    problems.push('messages: expected a non-empty array');
  } else {
    let toolResults = false;
    for (let i = 0; i < messages.length; i++) {
      const message = messages[i];
      checkMessage(message, i, problems);
      if ((message as { role?: unknown } | undefined)?.role === 'tool') toolResults = true;
    }
    if (toolResults) checkToolResults(messages, problems);
  }
  if (!isOptionalNumber(request.temperature, 0, 2))
    problems.push('temperature: expected a number from 0 to 2');
  if (!isOptionalNumber(request.topP, 0, 1)) problems.push('topP: expected a number from 0 to 1');
  if (!isOptionalPositiveInt(request.maxTokens))
    problems.push('maxTokens: expected a positive integer');
  if (!isOptionalPositiveInt(request.timeoutMs))
    problems.push('timeoutMs: expected a positive integer');
  if (
    request.stop !== undefined &&
    (!Array.isArray(request.stop) || request.stop.some((s) => typeof s !== 'string'))
  ) {
    problems.push('stop: expected an array of strings');
  }
  if (request.model !== undefined) {
    const models = typeof request.model === 'string' ? [request.model] : request.model;
    if (
      !Array.isArray(models) ||
      models.length === 0 ||
      models.some((m) => typeof m !== 'string' || m === '')
    ) {
      problems.push('model: expected a non-empty string or array of strings');
    } else {
      // Only references: an alias is a config key, and may hold a space.
      for (const m of models)
        if (m.includes(':') && hasBlankOrControl(m))
          problems.push(
            `model: ${quote(m)} holds whitespace or a control character; model references look like "provider:model"`,
          );
    }
  }
  if (request.tools !== undefined) checkTools(request, problems);
  else if (isObject(request.toolChoice))
    problems.push('toolChoice: names a tool but no tools were given');
  if (request.responseFormat !== undefined) {
    const format = request.responseFormat as unknown;
    if (!isObject(format) || (format.type !== 'text' && format.type !== 'json')) {
      problems.push('responseFormat.type: expected "text" or "json"');
    } else if (format.type === 'json' && format.schema !== undefined && !isObject(format.schema)) {
      problems.push('responseFormat.schema: expected a JSON Schema object');
    }
  }
  if (request.signal !== undefined && !(request.signal instanceof AbortSignal)) {
    problems.push('signal: expected an AbortSignal');
  }
  if (problems.length > 0) {
    throw new InvalidRequestError(`Invalid request: ${problems.join('; ')}.`, {
      code: 'invalid_request',
    });
  }
}

function checkMessage(message: unknown, index: number, problems: string[]): void {
  const at = `messages[${index}]`;
  if (!isObject(message)) {
    problems.push(`${at}: expected a message object`);
    return;
  }
  switch (message.role) {
    case 'system':
      if (typeof message.content !== 'string') problems.push(`${at}.content: expected a string`);
      return;
    case 'user':
      if (typeof message.content !== 'string') checkParts(message.content, at, problems);
      return;
    case 'assistant': {
      const { content, toolCalls } = message;
      if (content !== undefined && content !== null && typeof content !== 'string') {
        problems.push(`${at}.content: expected a string or null`);
      }
      if (toolCalls !== undefined) {
        if (!Array.isArray(toolCalls)) problems.push(`${at}.toolCalls: expected an array`);
        else
          toolCalls.forEach((call: unknown, j) => {
            if (
              !isObject(call) ||
              typeof call.id !== 'string' ||
              typeof call.name !== 'string' ||
              !isObject(call.arguments)
            ) {
              problems.push(`${at}.toolCalls[${j}]: expected { id, name, arguments: object }`);
            }
          });
      }
      return;
    }
    case 'tool':
      if (typeof message.toolCallId !== 'string' || message.toolCallId === '') {
        problems.push(`${at}.toolCallId: expected the id of the tool call it answers`);
      }
      if (typeof message.content !== 'string') problems.push(`${at}.content: expected a string`);
      return;
    default:
      problems.push(`${at}.role: expected "system", "user", "assistant" or "tool"`);
  }
}

/**
 * A tool message must answer a call of an earlier assistant message: OpenAI, Anthropic and Gemini
 * refuse one that does not (a 400, after a paid round trip), so it is refused here for every
 * provider, those behind `openai-compatible` servers that would have accepted it included.
 */
function checkToolResults(messages: readonly unknown[], problems: string[]): void {
  const calls = new Set<string>();
  for (let i = 0; i < messages.length; i++) {
    const message = messages[i];
    if (!isObject(message)) continue;
    if (message.role === 'assistant' && Array.isArray(message.toolCalls)) {
      for (const call of message.toolCalls as unknown[])
        if (isObject(call) && typeof call.id === 'string') calls.add(call.id);
    } else if (
      message.role === 'tool' &&
      typeof message.toolCallId === 'string' &&
      message.toolCallId !== '' &&
      !calls.has(message.toolCallId)
    ) {
      problems.push(
        `messages[${i}].toolCallId: ${quote(message.toolCallId)} answers no tool call of an earlier assistant message`,
      );
    }
  }
}

const MEDIA_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);
// A base64 body: the alphabet, then at most two `=` of padding (whitespace is not allowed).
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const IMAGE_URL =
  /^(?:https?:\/\/\S+|data:image\/(?:png|jpeg|gif|webp);base64,[A-Za-z0-9+/]+={0,2})$/;

/** Checks a user message's parts: text, or an image as a URL or as base64 data with its type. */
function checkParts(content: unknown, at: string, problems: string[]): void {
  if (!Array.isArray(content) || content.length === 0) {
    problems.push(`${at}.content: expected a string or a non-empty array of parts`);
    return;
  }
  for (let j = 0; j < content.length; j++) {
    const part: unknown = content[j];
    const where = `${at}.content[${j}]`;
    if (!isObject(part) || (part.type !== 'text' && part.type !== 'image')) {
      problems.push(`${where}.type: expected "text" or "image"`);
    } else if (part.type === 'text') {
      if (typeof part.text !== 'string') problems.push(`${where}.text: expected a string`);
    } else if (part.url !== undefined) {
      if (part.data !== undefined) problems.push(`${where}: give either url or data, not both`);
      else if (typeof part.url !== 'string' || !IMAGE_URL.test(part.url))
        problems.push(
          `${where}.url: expected an http(s) URL or a data:image/<png|jpeg|gif|webp>;base64 URL`,
        );
      if (part.mediaType !== undefined && !MEDIA_TYPES.has(part.mediaType as string))
        problems.push(
          `${where}.mediaType: expected image/png, image/jpeg, image/gif or image/webp`,
        );
    } else {
      // The data itself is never quoted back: it may be megabytes, or private.
      if (typeof part.data !== 'string' || part.data === '' || !BASE64.test(part.data))
        problems.push(`${where}.data: expected base64 text (without a data: prefix), or give url`);
      if (!MEDIA_TYPES.has(part.mediaType as string))
        problems.push(
          `${where}.mediaType: expected image/png, image/jpeg, image/gif or image/webp`,
        );
    }
  }
}

function checkTools(request: ChatRequest, problems: string[]): void {
  const { tools, toolChoice } = request;
  if (!Array.isArray(tools)) {
    problems.push('tools: expected an array');
    return;
  }
  const names = new Set<string>();
  tools.forEach((tool: unknown, i) => {
    if (!isObject(tool) || typeof tool.name !== 'string' || !TOOL_NAME.test(tool.name)) {
      problems.push(`tools[${i}].name: expected 1-64 letters, digits, "_" or "-"`);
      return;
    }
    if (names.has(tool.name)) problems.push(`tools[${i}].name: duplicate tool "${tool.name}"`);
    names.add(tool.name);
    if (!isObject(tool.parameters))
      problems.push(`tools[${i}].parameters: expected a JSON Schema object`);
  });
  if (
    toolChoice === undefined ||
    toolChoice === 'auto' ||
    toolChoice === 'none' ||
    toolChoice === 'required'
  )
    return;
  if (!isObject(toolChoice) || typeof toolChoice.name !== 'string') {
    problems.push('toolChoice: expected "auto", "none", "required" or { name }');
  } else if (!names.has(toolChoice.name)) {
    problems.push(`toolChoice: names unknown tool "${toolChoice.name}"`);
  }
}
