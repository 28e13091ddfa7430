import type { BatchEmbedContentsRequest, GenerativeModel } from '@google/generative-ai';
import {
  estimateTokens,
  type ProviderCallOptions,
  type ProviderEmbedRequest,
  type ProviderEmbedResponse,
} from '@switchyard/core';
import { mapGoogleError } from './google-errors.js';

/**
 * Embeddings through `:batchEmbedContents`: every input in one call, `outputDimensionality` when
 * a size is asked for. Gemini reports no token counts for embeddings, so `inputTokens` is the
 * core's estimate (`estimateTokens`, about four characters a token).
 */
export async function embedWithGoogle(
  model: () => GenerativeModel,
  provider: string,
  request: ProviderEmbedRequest,
  options: ProviderCallOptions,
): Promise<ProviderEmbedResponse> {
  const { signal } = options;
  try {
    // The SDK listens for an abort but never looks at a signal that is already aborted.
    if (signal.aborted) throw signal.reason;
    const body = {
      requests: request.input.map((text) => ({
        content: { role: 'user', parts: [{ text }] },
        // Not in the SDK's types (0.24), but sent as given and honoured by the API.
        ...(request.dimensions !== undefined && { outputDimensionality: request.dimensions }),
      })),
    } as BatchEmbedContentsRequest;
    const answer = await model().batchEmbedContents(body, { signal });
    let tokens = 0;
    for (const text of request.input) tokens += estimateTokens(text);
    return {
      embeddings: answer.embeddings.map((embedding) => embedding.values),
      usage: { inputTokens: Math.ceil(tokens) },
    };
  } catch (error) {
    throw mapGoogleError(error, { provider, model: request.model, signal });
  }
}
