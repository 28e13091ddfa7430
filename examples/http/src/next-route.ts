import type { Router } from '@switchyard/core';
import { toSSEResponse } from '@switchyard/http';
import { BAD_BODY, chatRequest, questionOf } from './chat-router.js';

/**
 * A Next.js App Router handler: in `app/api/chat/route.ts`, `export const POST =
 * createChatRoute(router)`. It is a plain `(Request) => Promise<Response>`, so the same function
 * serves Bun, Deno, Cloudflare Workers or any fetch-style server.
 */
export function createChatRoute(router: Router): (request: Request) => Promise<Response> {
  return async function POST(request: Request): Promise<Response> {
    const question = questionOf(await request.json().catch(() => undefined));
    if (question === undefined) return Response.json(BAD_BODY, { status: 400 });
    return toSSEResponse((signal) =>
      router.stream(chatRequest(question, AbortSignal.any([signal, request.signal]))),
    );
  };
}
