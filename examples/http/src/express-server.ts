import type { Router } from '@switchyard/core';
import { pipeToNodeResponse } from '@switchyard/http';
import express, { type Express } from 'express';
import {
  BAD_BODY,
  chatRequest,
  createChatRouter,
  isMain,
  port,
  questionOf,
} from './chat-router.js';

/** An Express app with `POST /chat` streaming the routed answer as Server-Sent Events. */
export function createExpressApp(router: Router): Express {
  const app = express();
  app.post('/chat', express.json(), (req, res) => {
    // Validate before the head is sent: after that, errors travel as an SSE `error` event.
    const question = questionOf(req.body);
    if (question === undefined) {
      res.status(400).json(BAD_BODY);
      return;
    }
    // The helper owns `signal`: the client leaving aborts it, and with it the vendor call.
    void pipeToNodeResponse((signal) => router.stream(chatRequest(question, signal)), res);
  });
  return app;
}

if (isMain(import.meta.url)) {
  const router = await createChatRouter();
  const server = createExpressApp(router).listen(port(), '127.0.0.1', () => {
    console.log(`Express: POST http://127.0.0.1:${port()}/chat`);
  });
  process.once('SIGINT', () => server.close(() => void router.close()));
}
