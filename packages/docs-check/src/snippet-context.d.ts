// What the docs' snippets may take as given without declaring it: the objects a page introduced
// in an earlier snippet or in its prose (a router, its providers, a request). Everything else a
// snippet uses it must import or define itself.
declare const router: import('@switchyard/core').Router;
declare const providers: import('@switchyard/core').Provider[];
declare const models: import('@switchyard/core').RouterConfig['models'];
declare const messages: import('@switchyard/core').Message[];
declare const request: import('@switchyard/core').ChatRequest;
declare const abortController: AbortController;
declare const userId: string;
declare const openai: import('@switchyard/testing').MockProvider;
declare const anthropic: import('@switchyard/testing').MockProvider;
declare const groq: import('@switchyard/core').Provider;
/** A store shared by the host's instances (the Redis package provides one). */
declare const mySharedStore: import('@switchyard/core').CacheStore &
  import('@switchyard/core').SessionStore;
declare const mySharedCounters: import('@switchyard/core').SpendCounterStore;
declare function createMyStore(): import('@switchyard/core').CacheStore;
// The host's own logging and metrics.
declare const metrics: {
  histogram(name: string, value: number, tags: Record<string, string>): void;
};
declare const log: { warn(message: string): void };
declare function alert(message: string): void;
declare const db: { events: { insert(event: unknown): Promise<void> } };
// The widgets page: the registry of its first snippet, and the drill card of its second.
declare const assistant: ReturnType<
  typeof import('@switchyard/core').createWidgetRegistry<
    [
      typeof import('@switchyard/widget-lesson-plan').lessonPlanWidget,
      typeof import('@switchyard/widget-attendance').attendanceWidget,
    ]
  >
>;
declare const drillCardWidget: import('@switchyard/core').WidgetService<
  'drill-card',
  { title: string; minutes: number; steps: string[]; equipment: string[] }
>;
declare function showSpinner(widget: string): void;
declare function append(text: string): void;
declare function render(data: unknown): void;
