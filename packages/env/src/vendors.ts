/** An environment variable that holds a vendor's API key. */
export type ProviderKeyVariable =
  | 'OPENAI_API_KEY'
  | 'ANTHROPIC_API_KEY'
  | 'GOOGLE_API_KEY'
  | 'GEMINI_API_KEY'
  | 'GROQ_API_KEY';

/** A vendor `providersFromEnv` knows. */
export type VendorId = 'openai' | 'anthropic' | 'google' | 'groq';

/** How one vendor is found in the environment and loaded. */
export interface VendorEntry {
  readonly vendor: VendorId;
  /** Key variables, in order of preference. */
  readonly variables: readonly ProviderKeyVariable[];
  /** A variable that overrides the API's base URL, passed to the adapter when set. */
  readonly baseUrlVariable?: string | undefined;
  /** The adapter package and its factory. */
  readonly adapter: string;
  readonly factory: string;
  /** The vendor SDK the adapter needs beside it. */
  readonly sdk: string;
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
    // The variable Google's Gemini CLI reads; @google/generative-ai itself reads none.
    baseUrlVariable: 'GOOGLE_GEMINI_BASE_URL',
    adapter: '@switchyard/google',
    factory: 'createGoogle',
    sdk: '@google/generative-ai',
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
