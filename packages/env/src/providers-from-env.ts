import { ConfigError, type ConfigIssue, type Provider } from '@switchyard/core';
import {
  type AdapterChoice,
  type ProviderKeyVariable,
  VENDORS,
  type VendorEntry,
  type VendorId,
} from './vendors.js';

/** A vendor whose key is set but whose adapter could not be loaded. */
export interface SkippedVendor {
  readonly vendor: VendorId;
  /** The variable that holds its key (its name; never its value). */
  readonly variable: ProviderKeyVariable;
  /** What to install: the adapter and the vendor SDK. */
  readonly install: readonly string[];
  /** Why it was skipped. */
  readonly reason: string;
}

/** Options of {@link providersFromEnv}. */
export interface ProvidersFromEnvOptions {
  /** Where to read the variables. Defaults to `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>> | undefined;
  /**
   * Variables that must be set. A missing one fails at once with a `ConfigError` that names every
   * missing variable (never a value), and so does a required vendor whose adapter is not
   * installed. `GOOGLE_API_KEY` and `GEMINI_API_KEY` stand for each other. Defaults to none.
   */
  readonly requireKeys?: readonly ProviderKeyVariable[] | undefined;
  /**
   * Told about a vendor whose key is set but whose adapter or SDK is not installed; that vendor
   * is left out (unless required). Defaults to leaving it out silently.
   */
  readonly onSkip?: ((skipped: SkippedVendor) => void) | undefined;
}

/**
 * The providers of every vendor whose API key is set: `OPENAI_API_KEY`, `ANTHROPIC_API_KEY`,
 * `GOOGLE_API_KEY` (or `GEMINI_API_KEY`), `GROQ_API_KEY`, each with its base-URL variable where the
 * vendor has one (`OPENAI_BASE_URL`, ...). Each adapter is loaded only when its key is set, with a
 * dynamic import, so only the adapters (and SDKs) you use need to be installed. Blank variables
 * count as unset. Google's provider comes from `@switchyard/google` on whichever Google SDK is
 * installed: `@google/genai` (`createGoogleGenAI`) when it is, else `@google/generative-ai`
 * (`createGoogle`).
 *
 * @example
 * const router = createRouter({
 *   providers: await providersFromEnv({ requireKeys: ['OPENAI_API_KEY'] }),
 *   models: { fast: ['openai:gpt-4o-mini', 'groq:llama-3.1-8b-instant'] },
 * });
 */
export function providersFromEnv(options: ProvidersFromEnvOptions = {}): Promise<Provider[]> {
  return providersFrom(VENDORS, options);
}

/** @internal `providersFromEnv` over a given vendor table (tests use made-up vendors). */
export async function providersFrom(
  vendors: readonly VendorEntry[],
  options: ProvidersFromEnvOptions,
): Promise<Provider[]> {
  const env = options.env ?? process.env;
  const required = new Set<string>(options.requireKeys ?? []);
  const missing = requiredButMissing(vendors, required, env);
  if (missing.length > 0) throw new ConfigError('provider environment', missing);

  const providers: Provider[] = [];
  const failures: ConfigIssue[] = [];
  for (const entry of vendors) {
    const variable = entry.variables.find((name) => isSet(env[name]));
    if (variable === undefined) continue;
    const apiKey = env[variable] as string;
    const baseURL = entry.baseUrlVariable === undefined ? undefined : env[entry.baseUrlVariable];
    const isRequired = entry.variables.some((name) => required.has(name));
    try {
      const factory = await loadFactory(entry);
      providers.push(factory({ apiKey, ...(isSet(baseURL) && { baseURL }) }));
    } catch (error) {
      if (!(error instanceof AdapterMissing) || isRequired) {
        failures.push({ path: variable, message: describeFailure(entry, error) });
        continue;
      }
      options.onSkip?.({
        vendor: entry.vendor,
        variable,
        install: [entry.adapter, entry.sdk],
        reason: error.message,
      });
    }
  }
  if (failures.length > 0) throw new ConfigError('provider environment', failures);
  return providers;
}

function isSet(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== '';
}

function requiredButMissing(
  vendors: readonly VendorEntry[],
  required: ReadonlySet<string>,
  env: Readonly<Record<string, string | undefined>>,
): ConfigIssue[] {
  const known = vendors.flatMap((entry) => entry.variables);
  const issues: ConfigIssue[] = [];
  for (const name of required) {
    const entry = vendors.find((e) => (e.variables as readonly string[]).includes(name));
    if (entry === undefined) {
      issues.push({
        path: name,
        message: `is not a provider key variable (known: ${known.join(', ')})`,
      });
      continue;
    }
    if (entry.variables.some((v) => isSet(env[v]))) continue;
    const others = entry.variables.filter((v) => v !== name);
    issues.push({
      path: name,
      message: `is required but not set${others.length > 0 ? ` (${others.join(' or ')} also works)` : ''}`,
    });
  }
  return issues;
}

class AdapterMissing extends Error {}

type Factory = (options: { apiKey: string; baseURL?: string }) => Provider;

// The preferred adapter, else the alternative when the preferred one (or its SDK) is missing. When
// both are missing, the preferred one's error says what to install.
async function loadFactory(entry: VendorEntry): Promise<Factory> {
  try {
    return await loadChoice(entry);
  } catch (error) {
    if (!(error instanceof AdapterMissing) || entry.alternative === undefined) throw error;
    try {
      return await loadChoice(entry.alternative);
    } catch (other) {
      throw other instanceof AdapterMissing ? error : other;
    }
  }
}

async function loadChoice(choice: AdapterChoice): Promise<Factory> {
  let module: Record<string, unknown>;
  try {
    // A specifier in a variable: bundlers and type-checkers must not insist that every adapter be
    // installed; only the vendors whose keys are set are ever loaded.
    const specifier: string = choice.module ?? choice.adapter;
    module = (await import(specifier)) as Record<string, unknown>;
  } catch (error) {
    if (isModuleNotFound(error)) {
      const which = [choice.adapter, choice.sdk].find((name) =>
        messageOf(error).includes(`'${name}'`),
      );
      throw new AdapterMissing(`${which ?? choice.adapter} is not installed`, { cause: error });
    }
    throw error;
  }
  const factory = module[choice.factory];
  if (typeof factory !== 'function') {
    throw new Error(`${choice.module ?? choice.adapter} does not export ${choice.factory}()`);
  }
  return factory as Factory;
}

// An adapter release without the subpath (ERR_PACKAGE_PATH_NOT_EXPORTED) counts as not installed.
function isModuleNotFound(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (
    code === 'ERR_MODULE_NOT_FOUND' ||
    code === 'MODULE_NOT_FOUND' ||
    code === 'ERR_PACKAGE_PATH_NOT_EXPORTED'
  );
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function describeFailure(entry: VendorEntry, error: unknown): string {
  if (error instanceof AdapterMissing) {
    return `is set, but ${error.message}: install ${entry.adapter} and ${entry.sdk}`;
  }
  return `is set, but ${entry.adapter} failed to load: ${messageOf(error)}`;
}
