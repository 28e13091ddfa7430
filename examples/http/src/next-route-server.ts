import { serve } from '@hono/node-server';
import { createChatRouter, port } from './chat-router.js';
import { createChatRoute } from './next-route.js';

// Next.js is not needed to try the route handler: any server that takes a fetch function runs it.
const router = await createChatRouter();
const server = serve({ fetch: createChatRoute(router), port: port(), hostname: '127.0.0.1' });
console.log(`Next.js-style route: POST http://127.0.0.1:${port()}/ (any path)`);
process.once('SIGINT', () => server.close(() => void router.close()));
