/**
 * Deterministic pseudo-embeddings for the mock provider: the same text always gives the same unit
 * vector, different texts almost surely different ones. Not semantic: cosine similarity between
 * two texts says nothing about their meaning.
 */
export function mockEmbedding(text: string, dimensions: number): number[] {
  // FNV-1a over the UTF-16 code units seeds a xorshift32 generator.
  let seed = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) seed = Math.imul(seed ^ text.charCodeAt(i), 16777619);
  let state = seed >>> 0 || 1;
  const vector = new Array<number>(dimensions);
  let norm = 0;
  for (let d = 0; d < dimensions; d++) {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    const value = state / 0x1_0000_0000 - 0.5;
    vector[d] = value;
    norm += value * value;
  }
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 1;
  for (let d = 0; d < dimensions; d++) vector[d] = (vector[d] as number) * scale;
  return vector;
}

/** The mock's token count for embedding inputs: about four characters a token, at least one. */
export function mockEmbeddingTokens(input: readonly string[]): number {
  let tokens = 0;
  for (const text of input) tokens += Math.max(1, Math.ceil(text.length / 4));
  return tokens;
}
