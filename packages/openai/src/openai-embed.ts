import type {
  ProviderCallOptions,
  ProviderEmbedRequest,
  ProviderEmbedResponse,
} from '@switchyard/core';
import { mapChatCompletionsError } from '@switchyard/openai-compatible';
import type OpenAI from 'openai';

/**
 * Embeddings through `POST /embeddings`: every input in one call, vectors as floats (not the
 * SDK's default base64, which it would decode again), `dimensions` passed when asked for, usage
 * from `prompt_tokens`. Errors are mapped as chat errors are (same API, same error bodies).
 */
export async function embedWithOpenAI(
  client: () => OpenAI,
  provider: string,
  request: ProviderEmbedRequest,
  options: ProviderCallOptions,
): Promise<ProviderEmbedResponse> {
  try {
    const answer = await client().embeddings.create(
      {
        model: request.model,
        input: [...request.input],
        encoding_format: 'float',
        ...(request.dimensions !== undefined && { dimensions: request.dimensions }),
      },
      { signal: options.signal, maxRetries: 0 },
    );
    // OpenAI answers in input order and says so with `index`; sort in case a proxy did not.
    const data = [...answer.data].sort((a, b) => a.index - b.index);
    return {
      embeddings: data.map((item) => item.embedding),
      usage: { inputTokens: answer.usage.prompt_tokens },
    };
  } catch (error) {
    throw mapChatCompletionsError(error, {
      provider,
      model: request.model,
      signal: options.signal,
    });
  }
}
