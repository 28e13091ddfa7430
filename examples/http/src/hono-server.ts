import { serve } from '@hono/node-server';
import type { Router } from '@switchyard/core';
import { toSSEResponse } from '@switchyard/http';
import { Hono } from 'hono';
import {
  BAD_BODY,
  chatRequest,
  createChatRouter,
  isMain,
  port,
  questionOf,
} from './chat-router.js';

/** A Hono app with `POST /chat` streaming the routed answer as Server-Sent Events. */
export function createHonoApp(router: Router): Hono {
  const app = new Hono();
  app.post('/chat', async (c) => {
    const question = questionOf(await c.req.json().catch(() => undefined));
    if (question === undefined) return c.json(BAD_BODY, 400);
    // The stream stops when the helper's signal aborts (the body was cancelled) or the request's
    // does (the client went away): whichever Hono's server notices first.
    return toSSEResponse((signal) =>
      router.stream(chatRequest(question, AbortSignal.any([signal, c.req.raw.signal]))),
    );
  });
  return app;
}

if (isMain(import.meta.url)) {
  const router = await createChatRouter();
  const server = serve({ fetch: createHonoApp(router).fetch, port: port(), hostname: '127.0.0.1' });
  console.log(`Hono: POST http://127.0.0.1:${port()}/chat`);
  process.once('SIGINT', () => server.close(() => void router.close()));
}
