import { builtinModelRecord } from '../usage/model-lifecycle.js';
import type { ModelCapabilities, ModelInfo } from './provider.js';

/** What an adapter's table of known models says about one model. */
export interface ModelFacts {
  /** Prompt plus output tokens the model accepts. */
  readonly contextWindow: number;
  /** Largest `maxTokens` the model accepts, when it is lower than the context window. */
  readonly maxOutputTokens?: number | undefined;
  /** What the model supports. */
  readonly capabilities: ModelCapabilities;
}

/** Facts a host adds for a model the adapter does not know, or corrections to a known one. */
export interface ModelFactsOverride {
  /** Defaults to the known model's, or unlimited for an unknown model. */
  readonly contextWindow?: number | undefined;
  /** Defaults to the known model's, or none. */
  readonly maxOutputTokens?: number | undefined;
  /** Merged over the known model's; an unknown model defaults to every capability. */
  readonly capabilities?: Partial<ModelCapabilities> | undefined;
}

const ALL_CAPABILITIES: ModelCapabilities = {
  tools: true,
  json: true,
  jsonSchema: true,
  streaming: true,
};

// Trailing id segments that name a snapshot of a model family rather than another model: dates
// (`-2024-08-06`, `-20241022`, `-0613`), versions (`-002`) and channels (`-latest`, `-preview`).
const SNAPSHOT_SEGMENT = /-(?:\d{2,8}|latest|preview|exp)$/;

/**
 * Builds an adapter's `getModelInfo` from its table of known models and the host's overrides.
 *
 * A model id is looked up as given, then with snapshot suffixes removed one at a time, so
 * `gpt-4o-2024-08-06` finds `gpt-4o` and `claude-3-5-sonnet-20241022` finds `claude-3-5-sonnet`.
 * An exact entry always wins, which is how a table describes a snapshot that differs from its
 * family. The returned info carries the id that was asked for.
 *
 * With `vendor` (`openai`, `anthropic`, `google`, `groq`), a model the table does not know but
 * core's generated model data (`BUILTIN_MODELS`) gives a context window for is known with that
 * window and every capability, as any unknown model is: newer models than the table get their
 * real window instead of an unlimited one.
 */
export function modelLookup(
  known: Readonly<Record<string, ModelFacts>>,
  overrides: Readonly<Record<string, ModelFactsOverride>> = {},
  vendor?: string,
): (modelId: string) => ModelInfo | undefined {
  const table = new Map<string, ModelFacts>(Object.entries(known));
  for (const [id, override] of Object.entries(overrides)) {
    const base = table.get(id);
    table.set(id, {
      contextWindow: override.contextWindow ?? base?.contextWindow ?? Number.POSITIVE_INFINITY,
      maxOutputTokens: override.maxOutputTokens ?? base?.maxOutputTokens,
      capabilities: { ...(base?.capabilities ?? ALL_CAPABILITIES), ...override.capabilities },
    });
  }
  return (modelId) => {
    let key = modelId;
    for (;;) {
      const facts = table.get(key);
      if (facts !== undefined) {
        return {
          id: modelId,
          contextWindow: facts.contextWindow,
          maxOutputTokens: facts.maxOutputTokens,
          capabilities: facts.capabilities,
        };
      }
      const shorter = key.replace(SNAPSHOT_SEGMENT, '');
      if (shorter === key) return fromData(vendor, modelId);
      key = shorter;
    }
  };
}

function fromData(vendor: string | undefined, modelId: string): ModelInfo | undefined {
  if (vendor === undefined) return undefined;
  const contextWindow = builtinModelRecord(vendor, modelId)?.contextWindow;
  if (contextWindow === undefined) return undefined;
  return { id: modelId, contextWindow, capabilities: ALL_CAPABILITIES };
}
