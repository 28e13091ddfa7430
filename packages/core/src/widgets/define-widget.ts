import type { z } from 'zod/v4';
import { ConfigError, type ConfigIssue } from '../errors/config-error.js';
import type { ChatResponse } from '../provider/chat-response.js';
import type { WidgetIssue } from './widget-issue.js';
import { formatIssue, issuesFromZod } from './widget-issue.js';
import {
  type ConvertedSchema,
  convertZodSchema,
  dropNullOptionals,
  type StrictJsonSchema,
} from './zod-to-json-schema.js';

/**
 * A way to recognise requests for a widget: keywords and patterns vote for the intent `name`, as
 * the router's classifier rules do. A request whose `intent` is `name` goes to the widget
 * directly.
 */
export interface WidgetIntent {
  /** The intent's name (`lesson-plan`): what a request's `intent` names to choose this widget. */
  readonly name: string;
  /**
   * Words or phrases, matched case-insensitively on word boundaries (plurals in `s`/`es` match
   * too). Defaults to none.
   */
  readonly keywords?: readonly string[] | undefined;
  /** Regular expressions, for what keywords cannot say. Defaults to none. */
  readonly patterns?: readonly RegExp[] | undefined;
  /** Vote weight against other widgets' intents. Defaults to 1. */
  readonly weight?: number | undefined;
}

/**
 * Your own extraction: reads the data from the model's answer (the registry validates what it
 * returns with the widget's schema). Throwing counts as a failed attempt, with the error's
 * message as the issue.
 */
export type CustomExtraction = (
  text: string,
  response: ChatResponse,
  context?: ExtractionContext,
) => unknown;

/** What the registry passes a custom extraction besides the answer. */
export interface ExtractionContext {
  /**
   * Call when the JSON parsed only after a local repair (`extractJson` says `repaired: true`), so
   * the widget's `localRepairs` statistic counts it.
   */
  noteLocalRepair(): void;
}

/**
 * How a widget gets its data out of the model:
 * - `'native'`: the vendor's structured output (`responseFormat` with the JSON Schema made from
 *   the zod schema); when no candidate of the tier supports JSON Schema output, a forced tool
 *   call with the same schema;
 * - `'json'`: the prompt asks for JSON (schema and examples included) and the answer is parsed
 *   tolerantly (code fences and prose around it are fine);
 * - `'tool'`: the model answers in prose (the text the user reads), then a second cheap call
 *   (`extractionModel`) extracts the data from that answer through a forced tool call;
 * - a function: your own extraction from the answer's text.
 */
export type WidgetExtraction = 'native' | 'json' | 'tool' | CustomExtraction;

/** The name of a widget's extraction strategy; `'none'` for a text service without a schema. */
export type WidgetStrategy = 'native' | 'json' | 'tool' | 'custom' | 'none';

/** A request and the data a good answer holds. */
export interface WidgetExample<Data = unknown> {
  /** What a user might ask. */
  readonly request: string;
  /** The widget data for it, as the model should produce it (the schema's input). */
  readonly data: Data;
}

/** What {@link defineWidget} takes. */
export interface WidgetDefinition<
  Name extends string,
  Schema extends z.ZodType | undefined = undefined,
> {
  /** Lower-case letters, digits, `-` and `_`, starting with a letter; at most 64 characters. */
  readonly name: Name;
  /** What the widget shows, in one sentence (given to models as the schema's description). */
  readonly description: string;
  /** The intents that route requests to this widget. */
  readonly intents: readonly WidgetIntent[];
  /**
   * The alias of the router to use (`'strong'`, `'fast'`). Give `tier` or `model`, not both.
   * Defaults to none: the router's policies choose.
   */
  readonly tier?: string | undefined;
  /** A `provider:model` reference, or a list, instead of a tier. Defaults to none. */
  readonly model?: string | readonly string[] | undefined;
  /** The system prompt: the widget's focused instructions. */
  readonly prompt: string;
  /**
   * The zod schema of the data; an object schema. Its output type is the data's type. Defaults to
   * none: a text service (no extraction; `data` is `undefined`), such as a fallback.
   */
  readonly schema?: Schema;
  /** How the data is extracted. Defaults to `'native'` (ignored without a schema). */
  readonly extraction?: WidgetExtraction | undefined;
  /**
   * Example requests with their data: checked against the schema when the widget is defined, and
   * shown to the model by the `json` strategy. Defaults to none.
   */
  readonly examples?:
    | readonly WidgetExample<Schema extends z.ZodType ? z.input<Schema> : never>[]
    | undefined;
  /**
   * Where to go when the first answer and its repair both fail validation: an alias or model
   * reference (or a list), or `false` for nowhere. Defaults to the candidate after the one that
   * answered, in the route's candidate list (no escalation when it was the last).
   */
  readonly escalateTo?: string | readonly string[] | false | undefined;
  /** The `tool` strategy's extraction call: an alias or model reference. Defaults to `'fast'`. */
  readonly extractionModel?: string | readonly string[] | undefined;
  /** Sampling temperature for the widget's calls, unless the request sets one. Defaults to none. */
  readonly temperature?: number | undefined;
  /** Output token limit for the widget's calls, unless the request sets one. Defaults to none. */
  readonly maxTokens?: number | undefined;
}

/** The outcome of {@link WidgetService.parse}. */
export type WidgetParseResult<Data> =
  | { readonly success: true; readonly data: Data }
  | { readonly success: false; readonly issues: readonly WidgetIssue[] };

/**
 * A widget service: a specialised service that owns its intents, prompt, model tier, schema and
 * extraction. Made by {@link defineWidget}; run by a widget registry.
 */
export interface WidgetService<Name extends string = string, Data = unknown> {
  /** The widget's name: `result.widget` of its results. */
  readonly name: Name;
  /** What the widget shows, in one sentence. */
  readonly description: string;
  /** The intents that route requests to it. */
  readonly intents: readonly WidgetIntent[];
  /** The tier alias, if the widget names one. */
  readonly tier: string | undefined;
  /** What the widget's calls send as `model`: its `model`, else its `tier`, else `undefined`. */
  readonly model: string | readonly string[] | undefined;
  /** The system prompt of its calls. */
  readonly prompt: string;
  /** The zod schema; `undefined` for a text service. */
  readonly schema: z.ZodType<Data> | undefined;
  /** How the data is extracted (`none` for a text service). */
  readonly strategy: WidgetStrategy;
  /** The custom extraction function, for the `custom` strategy. */
  readonly extract: CustomExtraction | undefined;
  /** The schema as vendors receive it (`undefined` without a schema or when not expressible). */
  readonly jsonSchema: StrictJsonSchema | undefined;
  /** Example requests with their data (validated against the schema). */
  readonly examples: readonly WidgetExample[];
  /** Where the escalation goes; `undefined` for the next candidate of the route, `false` for nowhere. */
  readonly escalateTo: string | readonly string[] | false | undefined;
  /** The `tool` strategy's extraction model. */
  readonly extractionModel: string | readonly string[];
  /** Sampling temperature of its calls, unless the request sets one. */
  readonly temperature: number | undefined;
  /** Output token limit of its calls, unless the request sets one. */
  readonly maxTokens: number | undefined;
  /**
   * Validates data against the schema, as the registry does with a model's answer (a `null` for
   * an optional field counts as absent). Resolves with the typed data or the issues; never
   * rejects.
   */
  parse(value: unknown): Promise<WidgetParseResult<Data>>;
}

/** The data type of a widget service: `WidgetData<typeof lessonPlanWidget>`. */
export type WidgetData<W> = W extends WidgetService<string, infer Data> ? Data : never;

const WIDGET_MARKER = Symbol.for('switchyard.widget');
const NAME = /^[a-z][a-z0-9_-]{0,63}$/;
const STRATEGIES: readonly string[] = ['native', 'json', 'tool'];

/** `true` for a service made by `defineWidget` (from any copy of the package). */
export function isWidgetService(value: unknown): value is WidgetService {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as Record<symbol, unknown>)[WIDGET_MARKER] === true
  );
}

/**
 * Defines a widget service. The definition is checked at once (a bad one throws a `ConfigError`
 * naming every problem): the name, the intents, the schema (an object schema that can be
 * expressed as JSON Schema for the built-in strategies) and each example against the schema.
 *
 * @example
 * export const lessonPlanWidget = defineWidget({
 *   name: 'lesson-plan',
 *   description: 'A lesson plan with objectives, timed activities, materials and assessment.',
 *   intents: [{ name: 'lesson-plan', keywords: ['lesson plan', 'plan a lesson'] }],
 *   tier: 'strong',
 *   prompt: 'You are an experienced teacher...',
 *   schema: z.object({ title: z.string(), objectives: z.array(z.string()).min(1) }),
 * });
 * type LessonPlan = WidgetData<typeof lessonPlanWidget>;
 */
export function defineWidget<
  const Name extends string,
  Schema extends z.ZodType | undefined = undefined,
>(
  definition: WidgetDefinition<Name, Schema>,
): WidgetService<Name, Schema extends z.ZodType ? z.output<Schema> : undefined> {
  type Data = Schema extends z.ZodType ? z.output<Schema> : undefined;
  const d = definition as WidgetDefinition<Name, z.ZodType | undefined>;
  const issues: ConfigIssue[] = [];
  const add = (path: string, message: string) => issues.push({ path, message });
  if (typeof d !== 'object' || d === null) {
    throw new ConfigError('widget definition', [{ path: '', message: 'expected an object' }]);
  }
  const label = typeof d.name === 'string' && d.name !== '' ? `widget "${d.name}"` : 'widget';

  if (typeof d.name !== 'string' || !NAME.test(d.name))
    add(
      'name',
      'expected lower-case letters, digits, "-" or "_", starting with a letter, at most 64 characters',
    );
  if (!isText(d.description)) add('description', 'expected a non-empty string');
  if (!isText(d.prompt)) add('prompt', 'expected a non-empty string');
  checkIntents(d.intents, add);
  if (d.tier !== undefined && d.model !== undefined)
    add('model', 'give `tier` or `model`, not both');
  if (d.tier !== undefined && !isText(d.tier)) add('tier', 'expected an alias name');
  if (d.model !== undefined && !isModelList(d.model))
    add('model', 'expected a model reference or a non-empty list of them');
  if (d.extractionModel !== undefined && !isModelList(d.extractionModel))
    add('extractionModel', 'expected an alias or model reference, or a non-empty list of them');
  if (d.escalateTo !== undefined && d.escalateTo !== false && !isModelList(d.escalateTo))
    add('escalateTo', 'expected an alias or model reference, a non-empty list of them, or false');
  if (
    d.temperature !== undefined &&
    !(typeof d.temperature === 'number' && d.temperature >= 0 && d.temperature <= 2)
  )
    add('temperature', 'expected a number from 0 to 2');
  if (
    d.maxTokens !== undefined &&
    !(typeof d.maxTokens === 'number' && Number.isInteger(d.maxTokens) && d.maxTokens > 0)
  )
    add('maxTokens', 'expected a positive integer');

  const schema = d.schema;
  let strategy: WidgetStrategy = 'none';
  let converted: ConvertedSchema | undefined;
  if (schema !== undefined && !isZodSchema(schema)) {
    add('schema', 'expected a zod schema');
  } else if (schema === undefined) {
    if (d.extraction !== undefined)
      add('extraction', 'a widget without a schema has nothing to extract');
    if (d.examples !== undefined && d.examples.length > 0)
      add('examples', 'a widget without a schema has no data to show in examples');
  } else {
    const extraction = d.extraction ?? 'native';
    if (typeof extraction === 'function') strategy = 'custom';
    else if (STRATEGIES.includes(extraction)) strategy = extraction as WidgetStrategy;
    else
      add(
        'extraction',
        `expected 'native', 'json', 'tool' or a function, got ${JSON.stringify(extraction)}`,
      );
    try {
      converted = convertZodSchema(schema, `${label} schema`);
      if (converted.schema.type !== 'object')
        add(
          'schema',
          'expected an object schema (z.object(...)): vendors take an object at the top level',
        );
    } catch (error) {
      // A custom extraction may produce values JSON Schema cannot describe (dates, say).
      if (strategy !== 'custom') {
        const detail = ConfigError.isInstance(error) ? error.issues[0]?.message : String(error);
        add('schema', detail ?? 'cannot be expressed as JSON Schema');
      }
    }
    checkExamples(d.examples, schema, add);
  }
  if (issues.length > 0) throw new ConfigError(label, issues);

  const parse = async (value: unknown): Promise<WidgetParseResult<Data>> => {
    if (schema === undefined) return { success: true, data: undefined as Data };
    const input = converted === undefined ? value : dropNullOptionals(value, converted);
    try {
      const result = await schema.safeParseAsync(input);
      if (result.success) return { success: true, data: result.data as Data };
      return { success: false, issues: issuesFromZod(result.error.issues) };
    } catch (error) {
      // A refinement that throws is a bad answer as far as the caller is concerned.
      return {
        success: false,
        issues: [{ path: [], message: error instanceof Error ? error.message : String(error) }],
      };
    }
  };

  const service: WidgetService<Name, Data> = {
    name: d.name,
    description: d.description,
    intents: d.intents.map((intent) => Object.freeze({ ...intent })),
    tier: d.tier,
    model: d.model ?? d.tier,
    prompt: d.prompt,
    schema: schema as z.ZodType<Data> | undefined,
    strategy,
    extract: typeof d.extraction === 'function' ? d.extraction : undefined,
    jsonSchema:
      converted === undefined ? undefined : { schema: converted.schema, strict: converted.strict },
    examples: (d.examples ?? []) as readonly WidgetExample[],
    escalateTo: d.escalateTo,
    extractionModel: d.extractionModel ?? 'fast',
    temperature: d.temperature,
    maxTokens: d.maxTokens,
    parse,
  };
  Object.defineProperty(service, WIDGET_MARKER, { value: true });
  return Object.freeze(service);
}

function isText(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

function isModelList(value: unknown): boolean {
  if (typeof value === 'string') return value.trim() !== '';
  return Array.isArray(value) && value.length > 0 && value.every(isText);
}

function isZodSchema(value: unknown): value is z.ZodType {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { safeParseAsync?: unknown }).safeParseAsync === 'function'
  );
}

function checkIntents(intents: unknown, add: (path: string, message: string) => void): void {
  if (!Array.isArray(intents)) {
    add('intents', 'expected an array of intents ({ name, keywords?, patterns? })');
    return;
  }
  const seen = new Set<string>();
  intents.forEach((intent: WidgetIntent, i) => {
    const at = `intents[${i}]`;
    if (typeof intent !== 'object' || intent === null) {
      add(at, 'expected { name, keywords?, patterns?, weight? }');
      return;
    }
    if (!isText(intent.name)) add(`${at}.name`, 'expected a non-empty string');
    else if (seen.has(intent.name)) add(`${at}.name`, `"${intent.name}" is listed twice`);
    else seen.add(intent.name);
    if (
      intent.keywords !== undefined &&
      !(Array.isArray(intent.keywords) && intent.keywords.every(isText))
    )
      add(`${at}.keywords`, 'expected an array of non-empty strings');
    if (
      intent.patterns !== undefined &&
      !(Array.isArray(intent.patterns) && intent.patterns.every((p) => p instanceof RegExp))
    )
      add(`${at}.patterns`, 'expected an array of regular expressions');
    if (
      intent.weight !== undefined &&
      !(typeof intent.weight === 'number' && Number.isFinite(intent.weight) && intent.weight > 0)
    )
      add(`${at}.weight`, 'expected a positive number');
  });
}

function checkExamples(
  examples: unknown,
  schema: z.ZodType,
  add: (path: string, message: string) => void,
): void {
  if (examples === undefined) return;
  if (!Array.isArray(examples)) {
    add('examples', 'expected an array of { request, data }');
    return;
  }
  examples.forEach((example: WidgetExample, i) => {
    if (typeof example !== 'object' || example === null || !isText(example.request)) {
      add(`examples[${i}].request`, 'expected a non-empty string');
      return;
    }
    let result: ReturnType<z.ZodType['safeParse']>;
    try {
      result = schema.safeParse(example.data);
    } catch {
      return; // async refinements: checked when the widget runs
    }
    if (!result.success) {
      const first = issuesFromZod(result.error.issues)[0];
      add(`examples[${i}].data`, first === undefined ? 'invalid' : formatIssue(first));
    }
  });
}
