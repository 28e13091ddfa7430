import { strict as assert } from 'node:assert';
import {
  contentText,
  createRouter,
  createWidgetRegistry,
  type Router,
  type WidgetExample,
  WidgetExtractionError,
  type WidgetService,
} from '@switchyard/core';
import type { ScriptedReply, ScriptedRequest, ScriptedVendor } from './scripted-vendor.js';

/** Options of {@link widgetScenarios}. */
export interface WidgetScenarioOptions {
  /** The widget under test. Its tier must be `fast` or `strong` (or none). */
  readonly widget: WidgetService;
  /** Makes a fresh vendor for each scenario (a mock, or a fake server with its adapter). */
  readonly vendor: () => ScriptedVendor | Promise<ScriptedVendor>;
  /** A request the widget's intents match, with its data. Defaults to the widget's first example. */
  readonly example?: WidgetExample | undefined;
  /** Data the schema rejects. Defaults to `{}`. */
  readonly invalid?: unknown;
  /** A request no intent of the widget matches. Defaults to a question about the weather. */
  readonly unrelated?: string | undefined;
  /**
   * The replies that carry `data` (required for custom extractions). Defaults to what the
   * strategy expects: the JSON as text (`native`), in a fenced block with prose (`json`), or
   * prose then a tool call (`tool`).
   */
  readonly answer?: ((data: unknown) => ScriptedReply[]) | undefined;
}

/** One end-to-end scenario: run it in a test (`it(scenario.name, scenario.run)`). */
export interface WidgetScenario {
  readonly name: string;
  run(): Promise<void>;
}

/**
 * The end-to-end scenarios every widget package runs, the same against the mock provider and
 * against a fake vendor server: the widget is chosen by its intents and answers on its tier with
 * valid data; an invalid answer is repaired once; answers that stay invalid end in a
 * `WidgetExtractionError`; a stream delivers the data with `finish`; an unrelated request goes to
 * the fallback. Assertions use `node:assert`, so any test runner will do.
 *
 * @example
 * for (const scenario of widgetScenarios({ widget: lessonPlanWidget, vendor: () => mockVendor() }))
 *   it(scenario.name, scenario.run);
 */
export function widgetScenarios(options: WidgetScenarioOptions): WidgetScenario[] {
  const { widget } = options;
  const example = options.example ?? widget.examples[0];
  if (example === undefined)
    throw new Error(`widgetScenarios: widget "${widget.name}" has no example; pass one`);
  const answer = options.answer ?? defaultAnswer(widget);
  const invalid = options.invalid ?? {};
  const unrelated = options.unrelated ?? 'Will it rain in Lisbon tomorrow afternoon?';
  const ask = (content: string) => ({ messages: [{ role: 'user' as const, content }] });

  const withRegistry =
    (body: (ctx: Context) => Promise<void>): (() => Promise<void>) =>
    async () => {
      const vendor = await options.vendor();
      const router = createRouter({
        providers: [vendor.provider],
        models: { fast: vendor.models.fast, strong: vendor.models.strong },
        retry: { maxRetries: 0 },
      });
      try {
        await body({ vendor, router, registry: createWidgetRegistry([widget], { router }) });
      } finally {
        await router.close();
        await vendor.close();
      }
    };

  const expected = async (): Promise<unknown> => {
    const parsed = await widget.parse(example.data);
    assert.ok(parsed.success, `the example of "${widget.name}" must validate`);
    return parsed.data;
  };

  return [
    {
      name: `routes "${short(example.request)}" to ${widget.name}${widget.tier ? ` on the ${widget.tier} tier` : ''} and returns valid data`,
      run: withRegistry(async ({ vendor, registry }) => {
        vendor.reply(...answer(example.data));
        const result = await registry.handle(ask(example.request));
        assert.equal(result.widget, widget.name);
        assert.deepEqual(result.data, await expected());
        if (widget.tier !== undefined) assert.equal(result.response.route.tier, widget.tier);
        checkRequests(widget, vendor.requests);
      }),
    },
    {
      name: `repairs an invalid ${widget.name} answer once, showing the model the issues`,
      run: withRegistry(async ({ vendor, registry }) => {
        vendor.reply(...answer(invalid), ...answer(example.data).slice(-1));
        const result = await registry.handle(ask(example.request));
        assert.deepEqual(result.data, await expected());
        assert.deepEqual(
          result.attempts.map((a) => [a.stage, a.success]),
          [
            ['initial', false],
            ['repair', true],
          ],
        );
        const repair = vendor.requests.at(-1);
        const last = repair?.messages.at(-1);
        assert.ok(
          last?.role === 'user' && contentText(last.content).includes('Problems:\n- '),
          'the repair shows the issues',
        );
      }),
    },
    {
      name: `rejects ${widget.name} answers that stay invalid with a WidgetExtractionError`,
      run: withRegistry(async ({ vendor, registry }) => {
        vendor.reply(...answer(invalid), ...answer(invalid), ...answer(invalid));
        await assert.rejects(registry.handle(ask(example.request)), (error: unknown) => {
          assert.ok(WidgetExtractionError.isInstance(error), `got ${String(error)}`);
          assert.equal(error.widget, widget.name);
          assert.ok(error.issues.length > 0);
          assert.deepEqual(
            error.attempts.map((a) => a.stage),
            ['initial', 'repair'],
          );
          return true;
        });
      }),
    },
    {
      name: `streams the ${widget.name} answer and delivers the data with finish`,
      run: withRegistry(async ({ vendor, registry }) => {
        vendor.reply(...answer(example.data));
        const types: string[] = [];
        let data: unknown;
        for await (const event of registry.stream(ask(example.request))) {
          types.push(event.type);
          if (event.type === 'finish') data = event.data;
        }
        assert.equal(types[0], 'start');
        assert.equal(types.at(-1), 'finish');
        assert.equal(types.filter((t) => t === 'finish').length, 1);
        assert.deepEqual(data, await expected());
        assert.equal(vendor.requests[0]?.stream, true);
      }),
    },
    {
      name: 'sends an unrelated request to the fallback',
      run: withRegistry(async ({ vendor, registry }) => {
        vendor.reply({ text: 'I cannot see the weather, sorry.' });
        const result = await registry.handle(ask(unrelated));
        assert.equal(result.widget, 'general-response');
        assert.equal(result.data, undefined);
        assert.equal(result.text, 'I cannot see the weather, sorry.');
      }),
    },
  ];
}

interface Context {
  readonly vendor: ScriptedVendor;
  readonly router: Router;
  readonly registry: ReturnType<typeof createWidgetRegistry<readonly [WidgetService]>>;
}

// The vendors know a widget's schema and tool as its name in snake case (core's widget-prompts).
const toolNameOf = (widget: WidgetService) => widget.name.replace(/-/g, '_');

function defaultAnswer(widget: WidgetService): (data: unknown) => ScriptedReply[] {
  switch (widget.strategy) {
    case 'native':
      return (data) => [{ text: JSON.stringify(data) }];
    case 'json':
      return (data) => [
        { text: `Here it is:\n\n\`\`\`json\n${JSON.stringify(data, null, 2)}\n\`\`\`` },
      ];
    case 'tool':
      return (data) => [
        { text: `Here is the ${widget.name.replace(/-/g, ' ')} you asked for.` },
        { toolCalls: [{ name: toolNameOf(widget), arguments: data as Record<string, unknown> }] },
      ];
    default:
      throw new Error(
        `widgetScenarios: widget "${widget.name}" uses the ${widget.strategy} strategy; pass \`answer\``,
      );
  }
}

/** The widget's calls asked for what its strategy needs, with its prompt. */
function checkRequests(widget: WidgetService, requests: readonly ScriptedRequest[]): void {
  const first = requests[0];
  assert.ok(first !== undefined, 'the vendor received the request');
  assert.ok(first.system?.startsWith(widget.prompt), 'the widget prompt is the system prompt');
  const name = toolNameOf(widget);
  if (widget.strategy === 'native') {
    assert.equal(first.responseFormat?.type, 'json');
    assert.equal(first.responseFormat?.name, name);
    assert.deepEqual(first.responseFormat?.schema, widget.jsonSchema?.schema);
    assert.equal(first.responseFormat?.strict, widget.jsonSchema?.strict);
  }
  if (widget.strategy === 'tool') {
    const extraction = requests[1];
    assert.deepEqual(extraction?.toolChoice, { name });
    assert.deepEqual(extraction?.tools?.[0]?.parameters, widget.jsonSchema?.schema);
  }
}

function short(text: string): string {
  return text.length > 48 ? `${text.slice(0, 45)}...` : text;
}
