import { createMemoryCacheStore, createRouter } from '@switchyard/core';
import { createDashboard } from '@switchyard/dashboard';
import { createMockProvider } from '@switchyard/testing';

const cacheStore = createMemoryCacheStore();
const router = createRouter({
  providers: [createMockProvider({ id: 'openai' })],
  models: { fast: ['openai:gpt-4o-mini'] },
  cache: { store: cacheStore },
});
const dashboard = createDashboard(router, { authorize: 'a-long-random-token', cacheStore });

const cleared = await dashboard(
  new Request('http://localhost/api/actions/clear-cache', {
    method: 'POST',
    headers: { authorization: 'Bearer a-long-random-token' },
  }),
);
console.log(cleared.status); // 200
dashboard.close();
await router.close();
