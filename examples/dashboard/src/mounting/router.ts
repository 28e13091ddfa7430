// The router the mounting snippets share: in your app, the one you already have.
import { createRouter } from '@switchyard/core';
import { createMockProvider } from '@switchyard/testing';

export const router = createRouter({
  providers: [createMockProvider({ id: 'openai' })],
  models: { fast: ['openai:gpt-4o-mini'] },
});
