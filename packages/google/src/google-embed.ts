import type { BatchEmbedContentsRequest, GenerativeModel } from '@google/generative-ai';
import type { ProviderEmbedRequest } from '@switchyard/core';

/**
 * `@google/generative-ai`'s `batchEmbedContents`: every input in one call, with
 * `outputDimensionality` when a size is asked for. Resolves to one vector per input, in order.
 */
export async function batchEmbedWithGoogle(
  model: GenerativeModel,
  request: ProviderEmbedRequest,
  signal: AbortSignal,
): Promise<readonly unknown[]> {
  const body = {
    requests: request.input.map((text) => ({
      content: { role: 'user', parts: [{ text }] },
      // Not in the SDK's types (0.24), but sent as given and honoured by the API.
      ...(request.dimensions !== undefined && { outputDimensionality: request.dimensions }),
    })),
  } as BatchEmbedContentsRequest;
  const answer = await model.batchEmbedContents(body, { signal });
  return answer.embeddings?.map((embedding) => embedding?.values) ?? [];
}
