import type { SharedClassification } from '../classify/classifier-runner.js';
import { InvalidRequestError } from '../errors/provider-errors.js';
import type { ChatRequest } from '../provider/chat-request.js';
import type { ToolDefinition } from '../provider/tool.js';
import type { RouterContext } from '../router/router-context.js';
import { isRunnableTool, type Tool, toolDefinition } from './define-tool.js';
import type { ToolRegistry, ToolSelection } from './tool-registry.js';

/** The tools of a request: what the model is offered, what the router may run, and the trace. */
export interface PreparedTools {
  readonly definitions: readonly ToolDefinition[] | undefined;
  readonly runnable: ReadonlyMap<string, Tool>;
  readonly selection: ToolSelection | undefined;
  /** Who named the registry domain: the request, or the classifier's intent or category. */
  readonly domainSource: 'request' | 'classifier' | undefined;
}

/**
 * Resolves the request's tools and registry selection (loading the selected domain once). The
 * domain is the request's `toolDomain`, `intent` or `category` when one names a registry domain;
 * else, unless `toolDomain` was given, the classifier's intent or category for the request.
 *
 * @throws InvalidRequestError for a `maxSteps` that is not an integer from 1 to 100.
 */
export async function prepareTools(
  ctx: RouterContext,
  request: ChatRequest,
  classification: SharedClassification,
): Promise<PreparedTools> {
  const ms = request.maxSteps;
  if (ms !== undefined && !(Number.isInteger(ms) && ms >= 1 && ms <= 100))
    throw new InvalidRequestError('Invalid request: maxSteps: expected an integer from 1 to 100.', {
      code: 'invalid_request',
    });
  const registry = request.toolRegistry;
  let selection: ToolSelection | undefined;
  let domainSource: PreparedTools['domainSource'];
  if (registry !== undefined) {
    const chosen = await selectFromRegistry(ctx, request, registry, classification);
    selection = chosen.selection;
    domainSource = selection.domain === undefined ? undefined : chosen.source;
  }
  const runnable = new Map<string, Tool>();
  const definitions: ToolDefinition[] = [];
  for (const tool of [...(request.tools ?? []), ...(selection?.tools ?? [])]) {
    if (definitions.some((d) => d.name === tool.name)) continue;
    definitions.push(toolDefinition(tool));
    if (isRunnableTool(tool)) runnable.set(tool.name, tool);
  }
  return {
    definitions: definitions.length > 0 ? definitions : undefined,
    runnable,
    selection,
    domainSource,
  };
}

async function selectFromRegistry(
  ctx: RouterContext,
  request: ChatRequest,
  registry: ToolRegistry,
  classification: SharedClassification,
): Promise<{ selection: ToolSelection; source: 'request' | 'classifier' }> {
  const { toolDomain, intent, category } = request;
  const domains = registry.domains();
  const named = [toolDomain, intent, category].some((d) => d !== undefined && domains.includes(d));
  // A domain the host named wins; a `toolDomain` that names none still means "not the classifier's".
  if (named || toolDomain !== undefined)
    return {
      selection: await registry.select({ domain: toolDomain, intent, category }),
      source: 'request',
    };
  // The router's own classifier; the loop's turns reuse this verdict for routing.
  // A copy is linked, never the caller's object, which the host may send again changed.
  const verdict = await ctx.classifier.classify(classification.link({ ...request }));
  return {
    selection: await registry.select({ intent: verdict.intent, category: verdict.category }),
    source: 'classifier',
  };
}
