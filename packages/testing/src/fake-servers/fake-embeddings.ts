import { createHash } from 'node:crypto';
import type { FakeEmbedRequest } from './fake-request.js';
import type { FakeEmbeddingsWire, FakeProblem } from './fake-vendor.js';

/** The size of a fake vector when the request asks for none. */
export const FAKE_EMBEDDING_DIMENSIONS = 8;

/**
 * The vector a fake server returns for `text`: `dimensions` numbers from -1 to 1 taken from the
 * SHA-256 of the text, so equal texts get equal vectors and tests can compute what to expect.
 */
export function fakeEmbedding(text: string, dimensions = FAKE_EMBEDDING_DIMENSIONS): number[] {
  const vector: number[] = [];
  let block = Buffer.alloc(0);
  for (let i = 0; i < dimensions; i++) {
    if (i % 32 === 0)
      block = createHash('sha256')
        .update(`${i / 32}|${text}`)
        .digest();
    vector.push(Math.round(((block[i % 32] as number) / 255) * 2_000_000 - 1_000_000) / 1_000_000);
  }
  return vector;
}

/** Input tokens a fake reports: about four characters a token. */
export const fakeTokens = (input: readonly string[]): number =>
  input.reduce((sum, text) => sum + Math.max(1, Math.ceil(text.length / 4)), 0);

class Refusal extends Error {
  constructor(readonly problem: FakeProblem) {
    super(problem.message);
  }
}

const refuse = (message: string, param?: string): never => {
  throw new Refusal({ message, param });
};

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function parsed(
  parse: () => FakeEmbedRequest,
): { embed: FakeEmbedRequest } | { problem: FakeProblem } {
  try {
    return { embed: parse() };
  } catch (error) {
    if (error instanceof Refusal) return { problem: error.problem };
    throw error;
  }
}

/**
 * OpenAI's `POST /v1/embeddings`: `input` a string or an array of strings, `dimensions` only for
 * the `text-embedding-3` models, `encoding_format` `float` or `base64` (little-endian float32, the
 * OpenAI SDK's default), usage as `prompt_tokens`.
 */
export const openaiEmbeddings: FakeEmbeddingsWire = {
  isRoute: (method, path) => method === 'POST' && path === '/v1/embeddings',
  parse: (body) =>
    parsed(() => {
      if (!isObject(body)) return refuse('We could not parse the JSON body of your request.');
      if (typeof body.model !== 'string' || body.model === '')
        refuse('you must provide a model parameter', 'model');
      const raw = typeof body.input === 'string' ? [body.input] : body.input;
      if (
        !Array.isArray(raw) ||
        raw.length === 0 ||
        raw.some((text) => typeof text !== 'string' || text === '')
      )
        refuse(
          "'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.",
          'input',
        );
      const dimensions = body.dimensions;
      if (dimensions !== undefined) {
        if (!String(body.model).startsWith('text-embedding-3'))
          refuse('This model does not support specifying dimensions.', 'dimensions');
        if (typeof dimensions !== 'number' || !Number.isInteger(dimensions) || dimensions < 1)
          refuse("Invalid 'dimensions': integer below minimum value.", 'dimensions');
      }
      const format = body.encoding_format;
      if (format !== undefined && format !== 'float' && format !== 'base64')
        refuse("'encoding_format' must be 'float' or 'base64'.", 'encoding_format');
      return {
        model: body.model as string,
        input: raw as string[],
        dimensions: dimensions as number | undefined,
      };
    }),
  render: (vectors, embed, body) => {
    const base64 = isObject(body) && body.encoding_format === 'base64';
    const tokens = fakeTokens(embed.input);
    return {
      object: 'list',
      data: vectors.map((vector, index) => ({
        object: 'embedding',
        index,
        embedding: base64
          ? Buffer.from(new Float32Array(vector).buffer).toString('base64')
          : vector,
      })),
      model: embed.model,
      usage: { prompt_tokens: tokens, total_tokens: tokens },
    };
  },
};

const GEMINI_EMBED = /^\/(v1|v1beta)\/models\/([^/:]+):(embedContent|batchEmbedContents)$/;

/**
 * Gemini's `POST /v1beta/models/{model}:batchEmbedContents` (`requests`, each naming the same
 * `models/{model}`, with one text content and an optional `outputDimensionality`) and
 * `:embedContent`. Gemini reports no token counts for embeddings.
 */
export const googleEmbeddings: FakeEmbeddingsWire = {
  isRoute: (method, path) => method === 'POST' && GEMINI_EMBED.test(path),
  parse: (body, path) =>
    parsed(() => {
      const route = GEMINI_EMBED.exec(path) as RegExpExecArray;
      const model = route[2] as string;
      if (!isObject(body)) return refuse('Invalid JSON payload received. Expected an object.');
      const requests = route[3] === 'embedContent' ? [body] : body.requests;
      if (!Array.isArray(requests) || requests.length === 0)
        refuse('* BatchEmbedContentsRequest.requests: requests is not specified');
      let dimensions: number | undefined;
      const input = (requests as unknown[]).map((request, i) => {
        const at = route[3] === 'embedContent' ? 'content' : `requests[${i}].content`;
        if (!isObject(request)) return refuse(`Invalid value at 'requests[${i}]'`);
        if (route[3] === 'batchEmbedContents' && request.model !== `models/${model}`)
          refuse(
            `* BatchEmbedContentsRequest.requests[${i}].model: Model names must match: models/${model} and ${String(request.model)}.`,
          );
        const content = request.content;
        const parts = isObject(content) ? content.parts : undefined;
        if (!Array.isArray(parts) || parts.length === 0)
          refuse(`* ${at}.parts: contents.parts must not be empty.`);
        const texts = (parts as unknown[]).map((part) =>
          isObject(part) && typeof part.text === 'string'
            ? part.text
            : refuse(`* ${at}.parts: only text parts can be embedded.`),
        );
        if (request.outputDimensionality !== undefined)
          dimensions = request.outputDimensionality as number;
        return texts.join(' ');
      });
      return { model, input, dimensions };
    }),
  render: (vectors, _embed, body) =>
    isObject(body) && Array.isArray(body.requests)
      ? { embeddings: vectors.map((values) => ({ values })) }
      : { embedding: { values: vectors[0] } },
};
