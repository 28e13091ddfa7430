import { ConfigError } from '../errors/config-error.js';
import { estimateTokens } from '../policy/estimate-tokens.js';
import type { Tool } from './define-tool.js';

/** A tool the registry knows by name and domain before its module is loaded. */
export interface ToolEntry {
  readonly name: string;
  readonly domain: string;
  /** Loads the tool (usually `() => import('./weather.js').then((m) => m.weather)`); called once. */
  readonly load: () => Tool | Promise<Tool>;
}

/** Options of {@link createToolRegistry}. */
export interface ToolRegistryOptions {
  /** Tools already loaded. Defaults to none. */
  readonly tools?: readonly Tool[] | undefined;
  /** Tools loaded one by one on first use. Defaults to none. */
  readonly entries?: readonly ToolEntry[] | undefined;
  /**
   * Loaders by domain: each returns the domain's tools, and runs once, the first time a request
   * needs that domain. Defaults to none.
   */
  readonly domains?:
    | Readonly<Record<string, () => readonly Tool[] | Promise<readonly Tool[]>>>
    | undefined;
}

/** What to select: a domain, or the request's intent or category as the domain. */
export interface ToolSelectionQuery {
  /** The domain; wins over `intent` and `category`. */
  readonly domain?: string | undefined;
  readonly intent?: string | undefined;
  readonly category?: string | undefined;
}

/** The tools offered to one request, and what offering only them saved. */
export interface ToolSelection {
  /** The domain used, or `undefined` when every tool was offered (no domain matched). */
  readonly domain: string | undefined;
  readonly tools: readonly Tool[];
  /** Estimated schema tokens of the offered tools. */
  readonly schemaTokens: number;
  /** Estimated schema tokens saved against offering every tool of the registry. */
  readonly savedTokens: number;
}

/** Tools by domain, loaded lazily; see {@link createToolRegistry}. */
export interface ToolRegistry {
  /** The known domains (cheap: loads nothing). */
  domains(): readonly string[];
  /**
   * The tools of the query's domain (`domain`, else `intent`, else `category`), loading only that
   * domain; every tool when none of them names a known domain (which loads them all).
   */
  select(query: ToolSelectionQuery): Promise<ToolSelection>;
}

/**
 * Creates a tool registry: tools are known by name and domain at once, loaded (and their JSON
 * Schema built) only when a request needs their domain, once.
 *
 * @example
 * const registry = createToolRegistry({
 *   domains: { travel: () => import('./travel-tools.js').then((m) => m.tools) },
 * });
 * await router.chat({ messages, toolRegistry: registry, toolDomain: 'travel', maxSteps: 4 });
 * @throws ConfigError for two tools with one name.
 */
export function createToolRegistry(options: ToolRegistryOptions = {}): ToolRegistry {
  const loaders = new Map<string, (() => Promise<readonly Tool[]>)[]>();
  const loaded = new Map<string, Promise<readonly Tool[]>>();
  const tokens = new Map<Tool, number>();
  const add = (domain: string, load: () => Promise<readonly Tool[]>) => {
    const list = loaders.get(domain);
    if (list === undefined) loaders.set(domain, [load]);
    else list.push(load);
  };
  const names = new Set<string>();
  const unique = (name: string) => {
    if (names.has(name))
      throw new ConfigError('tool registry', [{ path: name, message: 'two tools have this name' }]);
    names.add(name);
  };
  for (const tool of options.tools ?? []) {
    unique(tool.name);
    add(tool.domain, async () => [tool]);
  }
  for (const entry of options.entries ?? []) {
    unique(entry.name);
    add(entry.domain, async () => [await entry.load()]);
  }
  for (const [domain, load] of Object.entries(options.domains ?? {}))
    add(domain, async () => load());

  const loadDomain = (domain: string): Promise<readonly Tool[]> => {
    let found = loaded.get(domain);
    if (found === undefined) {
      const list = loaders.get(domain) ?? [];
      found = Promise.all(list.map((load) => load())).then((groups) => groups.flat());
      // A failed load is retried by the next request rather than cached.
      found.catch(() => loaded.delete(domain));
      loaded.set(domain, found);
    }
    return found;
  };
  const tokensOf = (tool: Tool): number => {
    let n = tokens.get(tool);
    if (n === undefined) {
      n = Math.round(
        estimateTokens(
          JSON.stringify({
            name: tool.name,
            description: tool.description,
            parameters: tool.parameters,
          }),
        ),
      );
      tokens.set(tool, n);
    }
    return n;
  };
  const sum = (tools: readonly Tool[]) => tools.reduce((total, tool) => total + tokensOf(tool), 0);
  return {
    domains: () => [...loaders.keys()],
    async select(query) {
      const domain = [query.domain, query.intent, query.category].find(
        (d) => d !== undefined && loaders.has(d),
      );
      if (domain === undefined) {
        const groups = await Promise.all([...loaders.keys()].map(loadDomain));
        const tools = groups.flat();
        return { domain: undefined, tools, schemaTokens: sum(tools), savedTokens: 0 };
      }
      const tools = await loadDomain(domain);
      const schemaTokens = sum(tools);
      const others = await otherTokens(domain);
      return { domain, tools, schemaTokens, savedTokens: others };
    },
  };

  // The other domains' schema tokens: loaded domains counted exactly, each loader not yet run
  // estimated as one tool of the loaded tools' average size (loading them just to count would
  // defeat the laziness).
  async function otherTokens(domain: string): Promise<number> {
    let counted = 0;
    let unloaded = 0;
    let loadedTokens = 0;
    let loadedTools = 0;
    for (const [d, list] of loaders) {
      const found = loaded.get(d);
      if (found === undefined) {
        unloaded += list.length;
        continue;
      }
      const tools = await found;
      const n = sum(tools);
      loadedTokens += n;
      loadedTools += tools.length;
      if (d !== domain) counted += n;
    }
    const average = loadedTools === 0 ? 0 : loadedTokens / loadedTools;
    return Math.round(counted + unloaded * average);
  }
}
