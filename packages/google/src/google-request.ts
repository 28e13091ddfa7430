import {
  InvalidRequestError,
  type Message,
  type ProviderRequest,
  type ToolChoice,
} from '@switchyard/core';
import { toUserParts } from './google-content.js';
import { signatureOf } from './google-extras.js';
import { toGeminiSchema } from './google-schema.js';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

interface Content {
  readonly role: 'user' | 'model';
  readonly parts: Json[];
}

/**
 * Maps a provider request to a `generateContent` request: system messages joined into
 * `systemInstruction`; user and assistant messages as `user` and `model` contents (neighbours of
 * one kind merged); assistant tool calls as `functionCall` parts; tool results as one `user`
 * content of `functionResponse` parts, matched to their call by name (`name`, else found from the
 * assistant turn that made the call); tools as `functionDeclarations` with Gemini schemas;
 * `toolChoice` as `functionCallingConfig` (`AUTO`, `NONE`, `ANY`, `ANY` with one allowed name);
 * JSON as `responseMimeType: 'application/json'` with the schema as `responseSchema`; sampling in
 * `generationConfig`. `providerOptions` are merged in last (`generationConfig` one level deep).
 */
export function toGeminiRequest(request: ProviderRequest, provider: string): Json {
  const body: Json = { contents: toContents(request, provider) };
  const system = request.messages
    .flatMap((m) => (m.role === 'system' && m.content !== '' ? [m.content] : []))
    .join('\n\n');
  if (system !== '') body.systemInstruction = { role: 'system', parts: [{ text: system }] };
  const tools = request.tools ?? [];
  if (tools.length > 0) {
    body.tools = [
      {
        functionDeclarations: tools.map((tool) => {
          const parameters = toGeminiSchema(
            tool.parameters,
            provider,
            `parameters of tool "${tool.name}"`,
            true,
          );
          return {
            name: tool.name,
            ...(tool.description !== undefined && { description: tool.description }),
            // Gemini refuses an object schema without properties: a tool without parameters has none.
            ...(isObject(parameters.properties) && { parameters }),
          };
        }),
      },
    ];
    if (request.toolChoice !== undefined) body.toolConfig = toToolConfig(request.toolChoice);
  }
  const config: Json = {};
  if (request.temperature !== undefined) config.temperature = request.temperature;
  if (request.topP !== undefined) config.topP = request.topP;
  if (request.maxTokens !== undefined) config.maxOutputTokens = request.maxTokens;
  if (request.stop !== undefined && request.stop.length > 0)
    config.stopSequences = [...request.stop];
  if (request.seed !== undefined) config.seed = request.seed;
  const format = request.responseFormat;
  if (format?.type === 'json') {
    config.responseMimeType = 'application/json';
    if (format.schema !== undefined)
      config.responseSchema = toGeminiSchema(format.schema, provider);
  }
  body.generationConfig = config;
  const extra = request.providerOptions ?? {};
  const merged = { ...body, ...extra };
  if (isObject(extra.generationConfig))
    merged.generationConfig = { ...config, ...extra.generationConfig };
  return merged;
}

function toContents(request: ProviderRequest, provider: string): Content[] {
  const contents: (Content & { kind: string })[] = [];
  const names = new Map<string, string>();
  const add = (kind: 'text' | 'results' | 'model', parts: Json[]) => {
    const last = contents.at(-1);
    // Tool results stay apart from the user's text: they are the function-response turn.
    if (last?.kind === kind) last.parts.push(...parts);
    else contents.push({ kind, role: kind === 'model' ? 'model' : 'user', parts });
  };
  request.messages.forEach((message: Message, index) => {
    switch (message.role) {
      case 'system':
        return;
      case 'user':
        add('text', toUserParts(message.content, provider, request.model, index));
        return;
      case 'assistant': {
        // Thought signatures go back on the parts they came on (Gemini 3 requires them on calls).
        const textSignature = signatureOf(message.continuation);
        const parts: Json[] = message.content
          ? [{ text: message.content, ...(textSignature && { thoughtSignature: textSignature }) }]
          : [];
        for (const call of message.toolCalls ?? []) {
          names.set(call.id, call.name);
          const signature = signatureOf(call.continuation);
          parts.push({
            functionCall: { name: call.name, args: call.arguments },
            ...(signature !== undefined && { thoughtSignature: signature }),
          });
        }
        if (parts.length > 0) add('model', parts);
        return;
      }
      case 'tool': {
        const name = message.name ?? names.get(message.toolCallId);
        if (name === undefined) {
          throw new InvalidRequestError(
            `${provider}: messages[${index}]: the tool result answers no tool call of the conversation; Gemini matches results by name, so give it a \`name\`.`,
            { provider, model: request.model, code: 'unknown_tool_call' },
          );
        }
        add('results', [
          { functionResponse: { name, response: toResponse(message.content, message.isError) } },
        ]);
        return;
      }
    }
  });
  return contents.map(({ role, parts }) => ({ role, parts }));
}

// Gemini wants an object: a JSON object result goes as it is; anything else under `output`, and a
// failed tool's result under `error` (Gemini's own convention for function responses).
function toResponse(content: string, isError: boolean | undefined): Json {
  let value: unknown = content;
  try {
    value = JSON.parse(content);
  } catch {
    // Plain text.
  }
  if (isError === true) return { error: value };
  return isObject(value) ? value : { output: value };
}

function toToolConfig(choice: ToolChoice): Json {
  if (typeof choice !== 'string') {
    return { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: [choice.name] } };
  }
  const mode = choice === 'required' ? 'ANY' : choice === 'none' ? 'NONE' : 'AUTO';
  return { functionCallingConfig: { mode } };
}
