import { chatCompletionsVendor, type WireError } from './chat-completions-wire.js';
import { type FakeServer, type FakeServerOptions, startFakeServer } from './fake-server.js';

// Error bodies as Groq sends them, by status. Groq's bodies have no `param` unless it matters.
function errorFor(status: number, model: string | undefined): WireError {
  switch (status) {
    case 400:
      return { message: 'Invalid request.', type: 'invalid_request_error' };
    case 401:
      return { message: 'Invalid API Key', type: 'invalid_request_error', code: 'invalid_api_key' };
    case 403:
      return { message: 'Forbidden', type: 'permission_error', code: 'forbidden' };
    case 404:
      return {
        message: `The model \`${model ?? 'llama-fake'}\` does not exist or you do not have access to it.`,
        type: 'invalid_request_error',
        code: 'model_not_found',
      };
    case 429:
      return {
        message:
          'Rate limit reached for model `llama-3.3-70b-versatile` in organization `org_fake` service tier `on_demand` on tokens per minute (TPM): Limit 6000, Used 5000, Requested 2000. Please try again in 10s.',
        type: 'tokens',
        code: 'rate_limit_exceeded',
      };
    case 503:
      return {
        message: 'Service Unavailable',
        type: 'internal_server_error',
        code: 'service_unavailable',
      };
    default:
      return status >= 500
        ? { message: 'Internal Server Error', type: 'internal_server_error' }
        : { message: `HTTP ${status}`, type: 'invalid_request_error' };
  }
}

const vendor = chatCompletionsVendor({
  name: 'groq',
  title: 'Groq',
  basePath: '',
  chatPath: '/openai/v1/chat/completions',
  defaultApiKey: 'gsk_fake_groq_0123456789abcdef',
  responseIdPrefix: 'chatcmpl-fake',
  streamUsage: 'x-groq',
  checkStreamOptions: false,
  requireJsonWordForJsonMode: false,
  // Reasoning models return their reasoning in `reasoning` unless asked to hide it.
  reasoningField: (body) => {
    const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    return b.reasoning_format === 'hidden' || b.include_reasoning === false
      ? undefined
      : 'reasoning';
  },
  extraFields: (reply) => ({ x_groq: { id: `req_${reply.id}` } }),
  usageExtras: { queue_time: 0.01, prompt_time: 0.001, completion_time: 0.002, total_time: 0.003 },
  errorFor,
  errorForReason: (reason) =>
    reason === 'context-length'
      ? {
          message: 'Please reduce the length of the messages or completion.',
          type: 'invalid_request_error',
          param: 'messages',
          code: 'context_length_exceeded',
        }
      : {
          // Groq has no moderation refusal of its own; this stands in for a content-filter 400.
          message: 'The request was blocked by the content filter.',
          type: 'invalid_request_error',
          code: 'content_filter',
        },
  unauthorized: () => ({
    message: 'Invalid API Key',
    type: 'invalid_request_error',
    code: 'invalid_api_key',
  }),
  notFound: (method, path) => ({
    message: `Unknown request URL: ${method} ${path}. Please check the URL for typos.`,
    type: 'invalid_request_error',
    code: 'unknown_url',
  }),
  streamErrorType: 'internal_server_error',
  streamErrorMessage: 'Internal Server Error',
});

/**
 * Starts a fake Groq API on 127.0.0.1: `POST /openai/v1/chat/completions` with Bearer auth,
 * OpenAI-shaped JSON answers (usage with Groq's timing fields, an `x_groq` id), data-only SSE
 * streams ending with `data: [DONE]` whose usage rides in `x_groq.usage` on the finish chunk,
 * Groq's error bodies, `x-request-id` on every answer, and `data: {"error": ...}` as its
 * mid-stream error frame.
 *
 * Point the SDK at it with `new Groq({ apiKey: server.apiKey, baseURL: server.baseURL })`.
 */
export function startFakeGroq(options: FakeServerOptions = {}): Promise<FakeServer> {
  return startFakeServer(vendor, options);
}
