import { chatCompletionsVendor, type WireError } from './chat-completions-wire.js';
import { openaiEmbeddings } from './fake-embeddings.js';
import { type FakeServer, type FakeServerOptions, startFakeServer } from './fake-server.js';
import type { FakeEmbeddingsWire, FakeVendor } from './fake-vendor.js';

const SERVER_ERROR = 'The server had an error while processing your request. Sorry about that!';

// Error bodies as OpenAI sends them (type, code), by status.
function errorFor(status: number, model: string | undefined): WireError {
  switch (status) {
    case 400:
      return { message: 'Invalid request.', type: 'invalid_request_error' };
    case 401:
      return {
        message: 'Incorrect API key provided.',
        type: 'invalid_request_error',
        code: 'invalid_api_key',
      };
    case 403:
      return {
        message: 'Country, region, or territory not supported',
        type: 'request_forbidden',
        code: 'unsupported_country_region_territory',
      };
    case 404:
      return {
        message: `The model \`${model ?? 'gpt-fake'}\` does not exist or you do not have access to it.`,
        type: 'invalid_request_error',
        code: 'model_not_found',
      };
    case 408:
      return { message: 'Request timed out.', type: 'timeout' };
    case 409:
      return {
        message: 'The request conflicted with another request. Please retry.',
        type: 'conflict',
      };
    case 422:
      return { message: 'Unprocessable entity.', type: 'invalid_request_error' };
    case 429:
      return {
        message:
          'Rate limit reached for gpt-4o-mini in organization org-fake on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in 20s.',
        type: 'requests',
        code: 'rate_limit_exceeded',
      };
    case 503:
      return { message: 'The server is overloaded or not ready yet.', type: 'server_error' };
    default:
      return status >= 500
        ? { message: SERVER_ERROR, type: 'server_error' }
        : { message: `HTTP ${status}`, type: 'invalid_request_error' };
  }
}

const vendor = withEmbeddings(
  openaiEmbeddings,
  chatCompletionsVendor({
    name: 'openai',
    title: 'OpenAI',
    basePath: '/v1',
    chatPath: '/v1/chat/completions',
    defaultApiKey: 'sk-fake-openai-0123456789abcdef',
    responseIdPrefix: 'chatcmpl-fake',
    streamUsage: 'stream-options',
    checkStreamOptions: true,
    requireJsonWordForJsonMode: true,
    // Chat completions return no reasoning text, only its token count.
    reasoningField: () => undefined,
    extraFields: () => ({ service_tier: 'default' }),
    usageExtras: {},
    errorFor,
    errorForReason: (reason) =>
      reason === 'context-length'
        ? {
            message:
              "This model's maximum context length is 128000 tokens. However, your messages resulted in 130005 tokens. Please reduce the length of the messages.",
            type: 'invalid_request_error',
            param: 'messages',
            code: 'context_length_exceeded',
          }
        : {
            message:
              'Your request was rejected as a result of our safety system. Your prompt may contain text that is not allowed by our safety system.',
            type: 'invalid_request_error',
            code: 'content_policy_violation',
          },
    // OpenAI echoes the key it refused (masking its middle); the fake echoes it whole, so a test
    // proves that the key never reaches a Switchyard error even when the vendor repeats it.
    unauthorized: (key) =>
      key === undefined
        ? {
            message:
              "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
            type: 'invalid_request_error',
          }
        : {
            message: `Incorrect API key provided: ${key}. You can find your API key in your account settings.`,
            type: 'invalid_request_error',
            code: 'invalid_api_key',
          },
    notFound: (method, path) => ({
      message: `Invalid URL (${method} ${path})`,
      type: 'invalid_request_error',
    }),
    streamErrorType: 'server_error',
    streamErrorMessage: SERVER_ERROR,
  }),
);

function withEmbeddings(embeddings: FakeEmbeddingsWire, chat: FakeVendor): FakeVendor {
  return { ...chat, embeddings };
}

/**
 * Starts a fake OpenAI API on 127.0.0.1: `POST /v1/chat/completions` (and `POST /v1/embeddings`,
 * answering with `fakeEmbedding` vectors for any reply script) with Bearer auth, JSON
 * answers, data-only SSE streams ending with `data: [DONE]` (a usage chunk only when the request
 * sets `stream_options.include_usage`), OpenAI's error bodies, `x-request-id` on every answer, and
 * `data: {"error": ...}` as its mid-stream error frame. It refuses what OpenAI refuses (a tool
 * message that answers no tool call, `json_object` without the word "json", `stream_options`
 * without `stream`, ...) with OpenAI's 400.
 *
 * Point the SDK at it with `new OpenAI({ apiKey: server.apiKey, baseURL: server.baseURL })`.
 *
 * @example
 * const server = await startFakeOpenAI();
 * server.reply({ text: 'Paris.', usage: { inputTokens: 12, outputTokens: 2 } });
 * const openai = createOpenAI({ apiKey: server.apiKey, baseURL: server.baseURL });
 * // ... then: server.lastRequest?.chat?.messages, server.lastRequest?.body
 * await server.close();
 */
export function startFakeOpenAI(options: FakeServerOptions = {}): Promise<FakeServer> {
  return startFakeServer(vendor, options);
}
