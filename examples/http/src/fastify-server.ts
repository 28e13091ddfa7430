import type { Router } from '@switchyard/core';
import { pipeToNodeResponse } from '@switchyard/http';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  BAD_BODY,
  chatRequest,
  createChatRouter,
  isMain,
  port,
  questionOf,
} from './chat-router.js';

/** A Fastify app with `POST /chat` streaming the routed answer as Server-Sent Events. */
export function createFastifyApp(router: Router): FastifyInstance {
  const app = Fastify();
  app.post('/chat', async (request, reply) => {
    const question = questionOf(request.body);
    if (question === undefined) return reply.code(400).send(BAD_BODY);
    // Take the raw Node response over from Fastify, then stream into it.
    reply.hijack();
    await pipeToNodeResponse((signal) => router.stream(chatRequest(question, signal)), reply.raw);
    return reply;
  });
  return app;
}

if (isMain(import.meta.url)) {
  const router = await createChatRouter();
  const app = createFastifyApp(router);
  await app.listen({ port: port(), host: '127.0.0.1' });
  console.log(`Fastify: POST http://127.0.0.1:${port()}/chat`);
  process.once('SIGINT', () => void app.close().then(() => router.close()));
}
