import { z } from 'zod/v4';
import {
  type BenchmarkOptions,
  benchmarkIssues,
  benchmarkOptionsShape,
} from '../benchmark/benchmark-options.js';
import type { NormalizedBreakerOptions } from '../breaker/breaker-options.js';
import { normalizeBreakerOptions } from '../breaker/breaker-options.js';
import type { CacheOptions } from '../cache/response-cache.js';
import { ConfigError, type ConfigIssue } from '../errors/config-error.js';
import { defaultFallbackOn } from '../errors/fallback-on.js';
import type { SwitchyardError } from '../errors/switchyard-error.js';
import { PROVIDER_SPECIFICATION_VERSION, type Provider } from '../provider/provider.js';
import { Telemetry } from '../telemetry/telemetry.js';
import { type Clock, systemClock } from '../time/clock.js';
import { describeIssue } from './describe-issue.js';
import { PROVIDER_ID_PATTERN, parseModelRef } from './model-ref.js';
import type {
  AliasStrategy,
  RouterConfig,
  RoutingOptions,
  SessionOptions,
} from './router-config.js';

/** An alias candidate after validation. */
export interface NormalizedCandidate {
  readonly ref: string;
  readonly providerId: string;
  readonly model: string;
  readonly weight: number;
}

/** An alias after validation. */
export interface NormalizedAlias {
  readonly name: string;
  readonly candidates: readonly NormalizedCandidate[];
  readonly strategy: AliasStrategy;
}

/** The router configuration with defaults applied. */
export interface NormalizedRouterConfig {
  readonly providers: ReadonlyMap<string, Provider>;
  readonly aliases: ReadonlyMap<string, NormalizedAlias>;
  readonly defaultModel: string | undefined;
  readonly modelInfo: RouterConfig['modelInfo'];
  readonly retry: {
    readonly maxRetries: number;
    readonly initialDelayMs: number;
    readonly maxDelayMs: number;
    readonly maxRetryAfterMs: number;
  };
  readonly attemptTimeoutMs: number;
  readonly timeoutMs: number | undefined;
  readonly streamIdleTimeoutMs: number;
  readonly storeTimeoutMs: number;
  readonly fallbackOn: (error: SwitchyardError) => boolean;
  readonly clock: Clock;
  readonly random: () => number;
  readonly classifier: RouterConfig['classifier'];
  readonly feedback: RouterConfig['feedback'];
  readonly routing: RoutingOptions;
  readonly sessions: SessionOptions;
  readonly breaker: NormalizedBreakerOptions;
  readonly prices: RouterConfig['prices'];
  readonly onEvent: RouterConfig['onEvent'];
  /** The cache options, or `undefined` when the cache is off. */
  readonly cache: CacheOptions | undefined;
  readonly stats: RouterConfig['stats'];
  readonly budgets: RouterConfig['budgets'];
  /** Span factory, or `undefined` when telemetry is off. */
  readonly telemetry: Telemetry | undefined;
  /** The benchmark engine's options, or `undefined` when it is off. */
  readonly benchmarks: BenchmarkOptions | undefined;
}

const fn = (what: string) =>
  z.custom<(...args: never[]) => unknown>((v) => typeof v === 'function', `expected ${what}`);
const ms = z.number().int().nonnegative().finite();
const positiveMs = z.number().int().positive().finite();

const STRATEGIES: readonly AliasStrategy[] = ['ordered', 'weighted', 'cheapest', 'fastest'];

const withMethods = (what: string, ...methods: string[]) =>
  z.custom<object>(
    (v) =>
      typeof v === 'object' &&
      v !== null &&
      methods.every((m) => typeof (v as Record<string, unknown>)[m] === 'function'),
    `expected ${what} with ${methods.map((m) => `${m}()`).join(', ')}`,
  );
const ruleSchema = z.strictObject({
  name: z.string().optional(),
  category: z.string().min(1).optional(),
  intent: z.string().min(1).optional(),
  complexity: z.enum(['simple', 'complex']).optional(),
  keywords: z.array(z.string()).optional(),
  patterns: z.array(z.instanceof(RegExp, { message: 'expected a RegExp' })).optional(),
  weight: z.number().positive().finite().optional(),
});
const priceSchema = z.strictObject({
  inputPerMTok: z.number().nonnegative().finite(),
  outputPerMTok: z.number().nonnegative().finite(),
  cachedInputPerMTok: z.number().nonnegative().finite().optional(),
  cacheWritePerMTok: z.number().nonnegative().finite().optional(),
  perRequestUsd: z.record(z.string(), z.number().nonnegative().finite()).optional(),
});

const capabilitiesSchema = z.strictObject({
  tools: z.boolean(),
  json: z.boolean(),
  jsonSchema: z.boolean(),
  streaming: z.boolean(),
  vision: z.boolean(),
});

/** The shape of {@link RouterConfig}; cross-references are checked separately. */
export const routerConfigShape = z.strictObject({
  providers: z.array(z.unknown()).min(1, 'at least one provider is required'),
  // Alias entries are unions; zod would report a failed union at the alias itself, so
  // checkAliases walks them and names the exact bad candidate instead.
  models: z.record(z.string(), z.unknown()).optional(),
  defaultModel: z.string().min(1).optional(),
  modelInfo: z
    .record(
      z.string(),
      z.strictObject({
        contextWindow: positiveMs.optional(),
        maxOutputTokens: positiveMs.optional(),
        capabilities: capabilitiesSchema.partial().optional(),
      }),
    )
    .optional(),
  retry: z
    .strictObject({
      maxRetries: z.number().int().min(0).max(10).optional(),
      initialDelayMs: ms.optional(),
      maxDelayMs: ms.optional(),
      maxRetryAfterMs: ms.optional(),
    })
    .optional(),
  attemptTimeoutMs: positiveMs.optional(),
  timeoutMs: positiveMs.optional(),
  streamIdleTimeoutMs: positiveMs.optional(),
  storeTimeoutMs: positiveMs.optional(),
  fallbackOn: fn('a function (error) => boolean').optional(),
  clock: z
    .custom<Clock>(
      (v) =>
        typeof v === 'object' &&
        v !== null &&
        typeof (v as Clock).now === 'function' &&
        typeof (v as Clock).setTimeout === 'function' &&
        typeof (v as Clock).clearTimeout === 'function',
      'expected a clock with now(), setTimeout() and clearTimeout()',
    )
    .optional(),
  random: fn('a function returning a number in [0, 1)').optional(),
  feedback: withMethods('a feedback recorder', 'observe', 'feedback').optional(),
  classifier: z
    .strictObject({
      rules: z.array(ruleSchema).optional(),
      builtinRules: z.boolean().optional(),
      maxScanChars: positiveMs.optional(),
      custom: withMethods('a classifier', 'classify').optional(),
      fallback: withMethods('a classifier', 'classify').optional(),
      fallbackBelow: z.number().min(0).max(1).optional(),
    })
    .optional(),
  routing: z
    .strictObject({
      intents: z
        .record(z.string(), z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]))
        .optional(),
      tiers: z
        .union([
          z.literal(false),
          z.strictObject({
            simple: z.string().min(1).optional(),
            complex: z.string().min(1).optional(),
          }),
        ])
        .optional(),
      categoryScores: z
        .union([
          withMethods('a score source', 'scoresFor'),
          z.record(z.string(), z.record(z.string(), z.number().finite())),
        ])
        .optional(),
      minCategoryConfidence: z.number().min(0).max(1).optional(),
      policies: z.array(withMethods('a routing policy', 'decide')).optional(),
    })
    .optional(),
  sessions: z
    .strictObject({
      affinity: z.boolean().optional(),
      store: withMethods('a session store', 'get', 'set', 'delete').optional(),
      ttlMs: positiveMs.optional(),
    })
    .optional(),
  breaker: z
    .strictObject({
      enabled: z.boolean().optional(),
      mode: z.enum(['consecutive', 'error-rate']).optional(),
      failureThreshold: z.number().int().positive().optional(),
      resetTimeoutMs: positiveMs.optional(),
      halfOpenMaxCalls: z.number().int().positive().optional(),
      successThreshold: z.number().int().positive().optional(),
      errorThresholdPercentage: z.number().positive().max(100).optional(),
      volumeThreshold: z.number().int().positive().optional(),
      rollingWindowMs: positiveMs.optional(),
      rollingBuckets: z.number().int().positive().optional(),
      store: withMethods('a breaker-state store', 'publish', 'subscribe').optional(),
    })
    .optional(),
  cache: z
    .union([
      z.boolean(),
      z.strictObject({
        store: withMethods('a cache store', 'get', 'set', 'delete', 'clear').optional(),
        ttlMs: positiveMs.optional(),
        maxEntries: z.number().int().positive().optional(),
        maxBytes: z.number().int().positive().optional(),
        coalesce: z.boolean().optional(),
        shouldCache: fn('a function (request) => boolean').optional(),
      }),
    ])
    .optional(),
  prices: z.record(z.string(), priceSchema).optional(),
  budgets: z
    .strictObject({
      rules: z.array(
        z.strictObject({
          name: z.string().min(1).optional(),
          scope: z.union([
            z.literal('global'),
            z.strictObject({ tenant: z.string().min(1) }),
            z.strictObject({ alias: z.string().min(1) }),
          ]),
          period: z.enum(['day', 'month']),
          limitUsd: z.number().positive().finite(),
          action: z.union([z.literal('refuse'), z.strictObject({ reroute: z.string().min(1) })]),
          actAt: z.number().positive().max(1).optional(),
          warnAt: z.number().positive().max(1).optional(),
        }),
      ),
      counters: withMethods('a spend counter store', 'get', 'add').optional(),
    })
    .optional(),
  telemetry: z
    .union([
      z.boolean(),
      z.strictObject({
        tracer: withMethods('a tracer', 'startSpan').optional(),
        recordContent: z.boolean().optional(),
      }),
    ])
    .optional(),
  stats: z
    .strictObject({
      maxSessions: z.number().int().positive().optional(),
      maxKeysPerDimension: z.number().int().positive().optional(),
    })
    .optional(),
  onEvent: fn('a function (event) => void').optional(),
  // A union would report a bad option at `benchmarks` itself; checkBenchmarks names the exact path.
  benchmarks: z.unknown().optional(),
});

/** Formats a zod path as `models.fast[1].model`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

/**
 * Collects zod issues as config issues, in the library's wording (input values are never echoed);
 * `schema`, the object validated, lets an unknown option name its nearest known one.
 */
export function zodIssues(
  error: z.ZodError,
  prefix: readonly PropertyKey[] = [],
  schema?: unknown,
): ConfigIssue[] {
  return error.issues.map((issue) => ({
    path: formatPath([...prefix, ...issue.path]),
    message: describeIssue(issue, schema),
  }));
}

function isProvider(value: unknown): value is Provider {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Provider).id === 'string' &&
    typeof (value as Provider).chat === 'function' &&
    typeof (value as Provider).stream === 'function'
  );
}

function checkProviders(raw: unknown, issues: ConfigIssue[]): Map<string, Provider> {
  const providers = new Map<string, Provider>();
  if (!Array.isArray(raw)) return providers;
  raw.forEach((value: unknown, index) => {
    const path = `providers[${index}]`;
    if (!isProvider(value)) {
      issues.push({ path, message: 'expected a provider with id, chat() and stream()' });
      return;
    }
    if (value.specificationVersion !== PROVIDER_SPECIFICATION_VERSION) {
      issues.push({
        path,
        message: `provider "${value.id}" implements contract ${JSON.stringify(value.specificationVersion)}; this router speaks "${PROVIDER_SPECIFICATION_VERSION}"`,
      });
      return;
    }
    if (!PROVIDER_ID_PATTERN.test(value.id)) {
      issues.push({
        path: `${path}.id`,
        message: 'provider ids use letters, digits, ".", "_" and "-"',
      });
      return;
    }
    if (providers.has(value.id)) {
      issues.push({ path: `${path}.id`, message: `duplicate provider id "${value.id}"` });
      return;
    }
    providers.set(value.id, value);
  });
  return providers;
}

function checkRef(
  ref: unknown,
  path: string,
  providers: ReadonlyMap<string, Provider>,
  issues: ConfigIssue[],
): NormalizedCandidate | undefined {
  if (typeof ref !== 'string') return undefined;
  const parsed = parseModelRef(ref);
  if (parsed === undefined) {
    issues.push({ path, message: `"${ref}" is not a "provider:model" reference` });
    return undefined;
  }
  if (!providers.has(parsed.providerId)) {
    const known = [...providers.keys()].join(', ') || 'none';
    issues.push({
      path,
      message: `"${ref}" names unknown provider "${parsed.providerId}" (configured: ${known})`,
    });
    return undefined;
  }
  return { ref, providerId: parsed.providerId, model: parsed.model, weight: 1 };
}

function checkAliases(
  raw: unknown,
  providers: ReadonlyMap<string, Provider>,
  issues: ConfigIssue[],
): Map<string, NormalizedAlias> {
  const aliases = new Map<string, NormalizedAlias>();
  if (typeof raw !== 'object' || raw === null) return aliases;
  for (const [name, definition] of Object.entries(raw as Record<string, unknown>)) {
    const base = `models.${name}`;
    if (name.includes(':') || name.trim() === '') {
      issues.push({ path: base, message: 'alias names cannot be empty or contain ":"' });
      continue;
    }
    let list: unknown[] | undefined;
    let strategy: AliasStrategy = 'ordered';
    let listPath = base;
    if (typeof definition === 'string') list = [definition];
    else if (Array.isArray(definition)) list = definition;
    else if (typeof definition === 'object' && definition !== null) {
      const d = definition as Record<string, unknown>;
      listPath = `${base}.candidates`;
      list = Array.isArray(d.candidates) ? d.candidates : undefined;
      if (list === undefined)
        issues.push({ path: listPath, message: 'expected an array of candidates' });
      if (d.strategy !== undefined) {
        if (typeof d.strategy === 'string' && STRATEGIES.includes(d.strategy as AliasStrategy)) {
          strategy = d.strategy as AliasStrategy;
        } else {
          issues.push({
            path: `${base}.strategy`,
            message: `expected one of ${STRATEGIES.join(', ')}`,
          });
        }
      }
      for (const key of Object.keys(d)) {
        if (key !== 'candidates' && key !== 'strategy') {
          issues.push({ path: `${base}.${key}`, message: 'unknown alias option' });
        }
      }
    } else {
      issues.push({
        path: base,
        message:
          'expected a "provider:model" string, an array of candidates, or { candidates, strategy }',
      });
    }
    if (list === undefined) continue;
    if (list.length === 0) {
      issues.push({ path: listPath, message: 'an alias needs at least one candidate' });
      continue;
    }
    const candidates: NormalizedCandidate[] = [];
    list.forEach((item, index) => {
      const path = typeof definition === 'string' ? base : `${listPath}[${index}]`;
      let ref: unknown = item;
      let weight = 1;
      if (typeof item === 'object' && item !== null) {
        const c = item as Record<string, unknown>;
        ref = c.model;
        if (c.weight !== undefined) {
          if (typeof c.weight === 'number' && Number.isFinite(c.weight) && c.weight > 0)
            weight = c.weight;
          else issues.push({ path: `${path}.weight`, message: 'expected a positive number' });
        }
        if (typeof ref !== 'string') {
          issues.push({ path: `${path}.model`, message: 'expected a "provider:model" string' });
          return;
        }
      } else if (typeof item !== 'string') {
        issues.push({ path, message: 'expected a "provider:model" string or { model, weight }' });
        return;
      }
      const checked = checkRef(
        ref,
        typeof item === 'object' ? `${path}.model` : path,
        providers,
        issues,
      );
      if (checked === undefined) return;
      if (candidates.some((c) => c.ref === checked.ref)) {
        issues.push({ path, message: `"${checked.ref}" is listed twice` });
        return;
      }
      candidates.push({ ...checked, weight });
    });
    if (candidates.length > 0) aliases.set(name, { name, candidates, strategy });
  }
  return aliases;
}

/**
 * Validates a router configuration and applies defaults. Throws one `ConfigError` naming every
 * bad path (shape errors and cross-references such as an alias naming an unknown provider).
 */
export function validateRouterConfig(config: RouterConfig): NormalizedRouterConfig {
  const issues: ConfigIssue[] = [];
  const shape = routerConfigShape.safeParse(config);
  if (!shape.success) issues.push(...zodIssues(shape.error, [], routerConfigShape));

  const raw = (
    typeof config === 'object' && config !== null ? config : {}
  ) as Partial<RouterConfig>;
  const providers = checkProviders(raw.providers, issues);
  const aliases = checkAliases(raw.models, providers, issues);

  let defaultModel = raw.defaultModel;
  if (typeof defaultModel === 'string') {
    const isAlias = aliases.has(defaultModel) || Object.hasOwn(raw.models ?? {}, defaultModel);
    if (!isAlias && defaultModel.includes(':')) {
      checkRef(defaultModel, 'defaultModel', providers, issues);
    } else if (!isAlias) {
      const known = [...aliases.keys()].join(', ') || 'none';
      issues.push({
        path: 'defaultModel',
        message: `"${defaultModel}" is neither a configured alias (${known}) nor a "provider:model" reference`,
      });
    }
  } else {
    defaultModel = aliases.has('fast') ? 'fast' : aliases.keys().next().value;
  }
  for (const ref of Object.keys(raw.modelInfo ?? {})) {
    checkRef(ref, `modelInfo.${ref}`, providers, issues);
  }
  checkRouting(raw.routing, aliases, providers, issues);
  checkBudgets(raw.budgets, aliases, issues);
  checkBenchmarks(raw.benchmarks, providers, issues);
  let telemetry: Telemetry | undefined;
  if (raw.telemetry === true || (typeof raw.telemetry === 'object' && raw.telemetry !== null)) {
    telemetry = Telemetry.create(raw.telemetry === true ? {} : raw.telemetry);
    if (telemetry === undefined) {
      issues.push({
        path: 'telemetry',
        message: 'needs the @opentelemetry/api package: npm install @opentelemetry/api',
      });
    }
  }
  for (const ref of Object.keys(raw.prices ?? {})) {
    if (parseModelRef(ref) === undefined) {
      issues.push({
        path: `prices.${ref}`,
        message: `"${ref}" is not a "provider:model" reference`,
      });
    }
  }
  const breaker = raw.breaker ?? {};
  if (
    typeof breaker.halfOpenMaxCalls === 'number' &&
    typeof breaker.successThreshold === 'number' &&
    breaker.successThreshold > breaker.halfOpenMaxCalls
  ) {
    issues.push({
      path: 'breaker.successThreshold',
      message: 'cannot exceed breaker.halfOpenMaxCalls, or a half-open breaker could never close',
    });
  }
  const retry = raw.retry ?? {};
  if (
    typeof retry.initialDelayMs === 'number' &&
    typeof retry.maxDelayMs === 'number' &&
    retry.initialDelayMs > retry.maxDelayMs
  ) {
    issues.push({ path: 'retry.initialDelayMs', message: 'must not exceed retry.maxDelayMs' });
  }

  if (issues.length > 0) throw new ConfigError('router config', dedupe(issues));

  return {
    providers,
    aliases,
    defaultModel,
    modelInfo: raw.modelInfo,
    retry: {
      maxRetries: retry.maxRetries ?? 2,
      initialDelayMs: retry.initialDelayMs ?? 500,
      maxDelayMs: retry.maxDelayMs ?? 8_000,
      maxRetryAfterMs: retry.maxRetryAfterMs ?? 30_000,
    },
    attemptTimeoutMs: raw.attemptTimeoutMs ?? 60_000,
    timeoutMs: raw.timeoutMs,
    streamIdleTimeoutMs: raw.streamIdleTimeoutMs ?? 30_000,
    storeTimeoutMs: raw.storeTimeoutMs ?? 100,
    fallbackOn: raw.fallbackOn ?? defaultFallbackOn,
    clock: raw.clock ?? systemClock,
    random: raw.random ?? Math.random,
    classifier: raw.classifier,
    feedback: raw.feedback,
    routing: raw.routing ?? {},
    sessions: raw.sessions ?? {},
    breaker: normalizeBreakerOptions(raw.breaker),
    prices: raw.prices,
    onEvent: raw.onEvent,
    cache:
      raw.cache === true
        ? {}
        : raw.cache === false || raw.cache === undefined
          ? undefined
          : raw.cache,
    stats: raw.stats,
    budgets: raw.budgets,
    telemetry,
    benchmarks:
      raw.benchmarks === true
        ? {}
        : raw.benchmarks === false || raw.benchmarks === undefined
          ? undefined
          : raw.benchmarks,
  };
}

/** Checks the benchmark engine's options: their shape, the suite, and the models. */
function checkBenchmarks(
  benchmarks: unknown,
  providers: ReadonlyMap<string, Provider>,
  issues: ConfigIssue[],
): void {
  if (benchmarks === undefined || typeof benchmarks === 'boolean') return;
  if (typeof benchmarks !== 'object' || benchmarks === null) {
    issues.push({ path: 'benchmarks', message: 'expected true, false or benchmark options' });
    return;
  }
  const shape = benchmarkOptionsShape.safeParse(benchmarks);
  if (!shape.success) issues.push(...zodIssues(shape.error, ['benchmarks'], benchmarkOptionsShape));
  issues.push(...benchmarkIssues(benchmarks, new Set(providers.keys())));
}

/** Checks that budgets name configured aliases. */
function checkBudgets(
  budgets: RouterConfig['budgets'],
  aliases: ReadonlyMap<string, NormalizedAlias>,
  issues: ConfigIssue[],
): void {
  const rules = (budgets as { rules?: unknown } | undefined)?.rules;
  if (!Array.isArray(rules)) return;
  rules.forEach((rule: { action?: unknown; scope?: unknown } | undefined, i) => {
    const reroute = (rule?.action as { reroute?: unknown } | undefined)?.reroute;
    if (typeof reroute === 'string' && !aliases.has(reroute)) {
      issues.push({
        path: `budgets.rules[${i}].action.reroute`,
        message: `"${reroute}" is not a configured alias`,
      });
    }
    const alias = (rule?.scope as { alias?: unknown } | undefined)?.alias;
    if (typeof alias === 'string' && !aliases.has(alias)) {
      issues.push({
        path: `budgets.rules[${i}].scope.alias`,
        message: `"${alias}" is not a configured alias`,
      });
    }
  });
}

/** Checks that routing targets name aliases or configured providers. */
function checkRouting(
  routing: RoutingOptions | undefined,
  aliases: ReadonlyMap<string, NormalizedAlias>,
  providers: ReadonlyMap<string, Provider>,
  issues: ConfigIssue[],
): void {
  if (typeof routing !== 'object' || routing === null) return;
  const target = (name: unknown, path: string) => {
    if (typeof name !== 'string' || aliases.has(name)) return;
    if (name.includes(':')) checkRef(name, path, providers, issues);
    else
      issues.push({
        path,
        message: `"${name}" is neither a configured alias nor a "provider:model" reference`,
      });
  };
  for (const [intent, to] of Object.entries(routing.intents ?? {})) {
    if (Array.isArray(to)) {
      to.forEach((name, i) => {
        target(name, `routing.intents.${intent}[${i}]`);
      });
    } else target(to, `routing.intents.${intent}`);
  }
  if (typeof routing.tiers === 'object' && routing.tiers !== null) {
    for (const level of ['simple', 'complex'] as const) {
      const alias = routing.tiers[level];
      if (typeof alias === 'string' && !aliases.has(alias)) {
        issues.push({
          path: `routing.tiers.${level}`,
          message: `"${alias}" is not a configured alias`,
        });
      }
    }
  }
  const scores = routing.categoryScores;
  if (
    typeof scores === 'object' &&
    scores !== null &&
    typeof (scores as { scoresFor?: unknown }).scoresFor !== 'function'
  ) {
    for (const [category, table] of Object.entries(scores as Record<string, unknown>)) {
      if (typeof table !== 'object' || table === null) continue;
      for (const ref of Object.keys(table))
        checkRef(ref, `routing.categoryScores.${category}.${ref}`, providers, issues);
    }
  }
}

function dedupe(issues: readonly ConfigIssue[]): ConfigIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.path}\u0000${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
