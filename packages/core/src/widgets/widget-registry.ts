import { lastUserText } from '../classify/classifier-runner.js';
import { createRuleClassifier, type RuleClassifier } from '../classify/rule-classifier.js';
import { ConfigError, type ConfigIssue } from '../errors/config-error.js';
import type { Router } from '../router/router.js';
import { validateChatRequest } from '../router/validate-request.js';
import { isWidgetService, type WidgetService } from './define-widget.js';
import { generalResponseService } from './general-response.js';
import type {
  WidgetRequest,
  WidgetResult,
  WidgetResultOf,
  WidgetStreamEvent,
} from './widget-result.js';
import { WidgetRun } from './widget-run.js';

/** Options of {@link createWidgetRegistry}. */
export interface WidgetRegistryOptions<Fallback extends WidgetService = WidgetService> {
  /** The router every widget call goes through. */
  readonly router: Router;
  /**
   * The service for requests no widget matches. Defaults to `generalResponseService`: a text
   * answer on the `fast` tier.
   */
  readonly fallback?: Fallback | undefined;
}

/** Which widget a request goes to, and why. */
export interface WidgetMatch<Name extends string = string> {
  /** The name of the widget service that takes the request. */
  readonly widget: Name;
  /** The intent that chose it: the request's own, or the one the widgets' rules found. */
  readonly intent: string | undefined;
  /** `true` when no widget matched and the fallback takes the request. */
  readonly fallback: boolean;
}

/**
 * Maps requests to widget services and runs them through the router. Made by
 * {@link createWidgetRegistry}.
 */
export interface WidgetRegistry<W extends WidgetService = WidgetService> {
  /** The widget services, the fallback last. */
  readonly widgets: readonly W[];
  /**
   * Chooses the widget for a request without calling a model: the request's `intent` when a
   * widget owns it (or is named by it), else the widgets' intent rules on the last user
   * message, else the fallback.
   */
  match(request: WidgetRequest): WidgetMatch<W['name']>;
  /**
   * Runs the request through its widget: the widget's prompt and model on the router, then
   * extraction, validation, one repair, one escalation. Resolves with the typed data (tell the
   * widgets apart by `result.widget`); rejects with a `WidgetExtractionError` when no valid data
   * came out, or with the router's error when the call failed.
   */
  handle(request: WidgetRequest): Promise<WidgetResultOf<W>>;
  /**
   * Streams the widget's answer: `start` (with `widget`), `text-delta` and `tool-call` events as
   * they come, then a `finish` event carrying the result with the validated data. A repair or
   * escalation happens after the stream (not streamed); the `finish` then holds its text.
   * Breaking out of the loop aborts the call.
   */
  stream(request: WidgetRequest): AsyncIterable<WidgetStreamEvent<WidgetResultOf<W>>>;
}

/**
 * Creates a widget registry: the widgets' intent rules compile once into one classifier; each
 * request goes to the widget its intent selects, or to the fallback.
 *
 * @example
 * const registry = createWidgetRegistry([lessonPlanWidget, attendanceWidget], { router });
 * const result = await registry.handle({ messages: [{ role: 'user', content: 'Plan a lesson on volleyball' }] });
 * if (result.widget === 'lesson-plan') console.log(result.data.objectives);
 */
export function createWidgetRegistry<
  const Widgets extends readonly WidgetService[],
  Fallback extends WidgetService = typeof generalResponseService,
>(
  widgets: Widgets,
  options: WidgetRegistryOptions<Fallback>,
): WidgetRegistry<Widgets[number] | Fallback> {
  type W = Widgets[number] | Fallback;
  const issues: ConfigIssue[] = [];
  const router = options?.router;
  if (
    typeof router !== 'object' ||
    router === null ||
    typeof router.chat !== 'function' ||
    typeof router.stream !== 'function'
  ) {
    issues.push({ path: 'router', message: 'expected a router (createRouter(...))' });
  }
  if (!Array.isArray(widgets)) {
    issues.push({
      path: 'widgets',
      message: 'expected an array of widget services (defineWidget(...))',
    });
  }
  const fallback = (options?.fallback ?? generalResponseService) as Fallback;
  if (!isWidgetService(fallback))
    issues.push({ path: 'fallback', message: 'expected a widget service (defineWidget(...))' });

  const list = (Array.isArray(widgets) ? widgets : []) as readonly W[];
  const byName = new Map<string, W>();
  const byIntent = new Map<string, W>();
  const all = [...list, fallback];
  all.forEach((service, i) => {
    const path = i === list.length ? 'fallback' : `widgets[${i}]`;
    if (!isWidgetService(service)) {
      if (i < list.length)
        issues.push({ path, message: 'expected a widget service (defineWidget(...))' });
      return;
    }
    if (byName.has(service.name)) {
      issues.push({ path, message: `a widget named "${service.name}" is already registered` });
      return;
    }
    byName.set(service.name, service);
    for (const intent of service.intents) {
      const owner = byIntent.get(intent.name);
      if (owner !== undefined && owner !== service) {
        issues.push({
          path: `${path}.intents`,
          message: `intent "${intent.name}" already belongs to widget "${owner.name}"`,
        });
      } else byIntent.set(intent.name, service);
    }
  });
  if (issues.length > 0) throw new ConfigError('widget registry', issues);

  const classifier: RuleClassifier = createRuleClassifier({
    builtinRules: false,
    rules: all.flatMap((service) =>
      service.intents
        .filter((intent) => (intent.keywords?.length ?? 0) + (intent.patterns?.length ?? 0) > 0)
        .map((intent) => ({
          name: `${service.name}:${intent.name}`,
          intent: intent.name,
          keywords: intent.keywords,
          patterns: intent.patterns,
          weight: intent.weight,
        })),
    ),
  });

  const match = (request: WidgetRequest): WidgetMatch<W['name']> => {
    validateChatRequest(request);
    const asked = request.intent;
    if (asked !== undefined) {
      const service = byIntent.get(asked) ?? byName.get(asked);
      return service === undefined
        ? { widget: fallback.name, intent: asked, fallback: true }
        : { widget: service.name, intent: asked, fallback: service === fallback };
    }
    const { intent } = classifier.classify({
      text: lastUserText(request.messages),
      messages: request.messages,
      request,
    });
    const service = intent === undefined ? undefined : byIntent.get(intent);
    return service === undefined
      ? { widget: fallback.name, intent: undefined, fallback: true }
      : { widget: service.name, intent, fallback: service === fallback };
  };

  const runFor = (request: WidgetRequest): WidgetRun => {
    const chosen = match(request);
    const service = byName.get(chosen.widget) as W;
    return new WidgetRun(router, service, request, chosen.intent);
  };

  return {
    widgets: all,
    match,
    handle: async (request) => (await runFor(request).chat()) as WidgetResultOf<W>,
    stream: (request) =>
      streamOf(() => runFor(request)) as AsyncIterable<WidgetStreamEvent<WidgetResultOf<W>>>,
  };
}

/** Defers matching (and its request validation) to the first `next()`, as `router.stream` does. */
async function* streamOf(
  start: () => WidgetRun,
): AsyncGenerator<WidgetStreamEvent<WidgetResult>, void, undefined> {
  yield* start().stream();
}
