/** An environment variable that holds a vendor's API key. */
export type ProviderKeyVariable =
  | 'OPENAI_API_KEY'
  | 'ANTHROPIC_API_KEY'
  | 'GOOGLE_API_KEY'
  | 'GEMINI_API_KEY'
  | 'GROQ_API_KEY';

/** A vendor `providersFromEnv` knows. */
export type VendorId = 'openai' | 'anthropic' | 'google' | 'groq';

/** One way to load a vendor's adapter: the package, the module to import, the factory, the SDK. */
export interface AdapterChoice {
  /** The adapter package (what to install). */
  readonly adapter: string;
  /** The module to import, when it is not the package's main entry. Defaults to `adapter`. */
  readonly module?: string | undefined;
  readonly factory: string;
  /** The vendor SDK the adapter needs beside it. */
  readonly sdk: string;
}

/** How one vendor is found in the environment and loaded. */
export interface VendorEntry extends AdapterChoice {
  readonly vendor: VendorId;
  /** Key variables, in order of preference. */
  readonly variables: readonly ProviderKeyVariable[];
  /** A variable that overrides the API's base URL, passed to the adapter when set. */
  readonly baseUrlVariable?: string | undefined;
  /**
   * Another adapter (or the same one on another SDK) to load when the preferred one or its SDK is
   * not installed. Defaults to none.
   */
  readonly alternative?: AdapterChoice | undefined;
}

/** Every vendor, in the order their providers are returned. Adding one is one line. */
export const VENDORS: readonly VendorEntry[] = [
  {
    vendor: 'openai',
    variables: ['OPENAI_API_KEY'],
    baseUrlVariable: 'OPENAI_BASE_URL',
    adapter: '@switchyard/openai',
    factory: 'createOpenAI',
    sdk: 'openai',
  },
  {
    vendor: 'anthropic',
    variables: ['ANTHROPIC_API_KEY'],
    baseUrlVariable: 'ANTHROPIC_BASE_URL',
    adapter: '@switchyard/anthropic',
    factory: 'createAnthropic',
    sdk: '@anthropic-ai/sdk',
  },
  {
    vendor: 'google',
    variables: ['GOOGLE_API_KEY', 'GEMINI_API_KEY'],
    // The variable Google's Gemini CLI and @google/genai read; @google/generative-ai reads none.
    baseUrlVariable: 'GOOGLE_GEMINI_BASE_URL',
    // Google's current SDK when it is installed, else the deprecated one (the design card's).
    adapter: '@switchyard/google',
    module: '@switchyard/google/genai',
    factory: 'createGoogleGenAI',
    sdk: '@google/genai',
    alternative: {
      adapter: '@switchyard/google',
      factory: 'createGoogle',
      sdk: '@google/generative-ai',
    },
  },
  {
    vendor: 'groq',
    variables: ['GROQ_API_KEY'],
    baseUrlVariable: 'GROQ_BASE_URL',
    adapter: '@switchyard/groq',
    factory: 'createGroq',
    sdk: 'groq-sdk',
  },
];
