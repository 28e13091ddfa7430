import { z } from 'zod/v4';
import { ConfigError } from '../errors/config-error.js';
import type { JsonSchema, ToolDefinition } from '../provider/tool.js';

/** What a tool's `execute` receives besides its arguments. */
export interface ToolExecuteContext {
  /**
   * Aborted when the request is aborted or the tool's time limit passes. Pass it to `fetch` and
   * other cancellable work.
   */
  readonly signal: AbortSignal;
  /** The id of the tool call being answered. */
  readonly toolCallId: string;
}

/** Options of {@link defineTool}. */
export interface DefineToolOptions<Schema extends z.ZodType> {
  /** Name the model uses: letters, digits, `_` and `-`, at most 64 characters. */
  readonly name: string;
  /** What the tool does; the model reads it to decide when to call it. */
  readonly description: string;
  /** The domain the tool belongs to (`travel`, `billing`), for domain filtering. Defaults to `'general'`. */
  readonly domain?: string | undefined;
  /** The arguments object's zod schema; arguments are validated against it before `execute`. */
  readonly parameters: Schema;
  /** Runs the tool. Its return value is sent back to the model as JSON (a string as it is). */
  readonly execute: (args: z.output<Schema>, context: ToolExecuteContext) => unknown;
  /** Time allowed for one call, in milliseconds. Defaults to the loop's `toolTimeoutMs` (30 000 ms). */
  readonly timeoutMs?: number | undefined;
}

/**
 * A tool the router can run: a {@link ToolDefinition} (its `parameters` is the JSON Schema, built
 * from the zod schema once, on first use) plus the zod schema and `execute`.
 */
export interface Tool<Schema extends z.ZodType = z.ZodType> extends ToolDefinition {
  readonly description: string;
  readonly domain: string;
  /** JSON Schema of the arguments, built from `schema` on first read and cached. */
  readonly parameters: JsonSchema;
  /** The zod schema the arguments are validated against. */
  readonly schema: Schema;
  readonly execute: (args: z.output<Schema>, context: ToolExecuteContext) => unknown;
  readonly timeoutMs?: number | undefined;
}

const NAME = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Defines a tool the router can run in a `maxSteps` loop.
 *
 * @example
 * const weather = defineTool({
 *   name: 'weather',
 *   description: 'Forecast for a city',
 *   domain: 'travel',
 *   parameters: z.object({ city: z.string() }),
 *   execute: async ({ city }, { signal }) => fetchForecast(city, signal),
 * });
 * @throws ConfigError for a bad name, a missing `execute` or a bad `timeoutMs`.
 */
export function defineTool<Schema extends z.ZodType>(
  options: DefineToolOptions<Schema>,
): Tool<Schema> {
  const issues: { path: string; message: string }[] = [];
  if (typeof options.name !== 'string' || !NAME.test(options.name))
    issues.push({ path: 'name', message: 'must be 1-64 letters, digits, "_" or "-"' });
  if (typeof options.execute !== 'function')
    issues.push({ path: 'execute', message: 'must be a function' });
  if (!(options.parameters instanceof z.ZodType))
    issues.push({ path: 'parameters', message: 'must be a zod schema' });
  const t = options.timeoutMs;
  if (t !== undefined && !(Number.isFinite(t) && t > 0))
    issues.push({ path: 'timeoutMs', message: 'must be a positive number of milliseconds' });
  if (issues.length > 0) throw new ConfigError(`tool ${String(options.name)}`, issues);
  let jsonSchema: JsonSchema | undefined;
  const schema = options.parameters;
  return {
    name: options.name,
    description: options.description,
    domain: options.domain ?? 'general',
    schema,
    execute: options.execute,
    ...(t !== undefined && { timeoutMs: t }),
    get parameters(): JsonSchema {
      if (jsonSchema === undefined) {
        const { $schema: _draft, ...rest } = z.toJSONSchema(schema, { io: 'input' }) as JsonSchema;
        jsonSchema = rest;
      }
      return jsonSchema;
    },
  };
}

/** `true` for a tool made by {@link defineTool} (one the router can run). */
export function isRunnableTool(tool: ToolDefinition): tool is Tool {
  return (
    typeof (tool as Partial<Tool>).execute === 'function' &&
    (tool as Partial<Tool>).schema !== undefined
  );
}

/** The definition sent to vendors: name, description, JSON Schema (no `execute`). */
export function toolDefinition(tool: ToolDefinition): ToolDefinition {
  return {
    name: tool.name,
    ...(tool.description !== undefined && { description: tool.description }),
    parameters: tool.parameters,
  };
}
