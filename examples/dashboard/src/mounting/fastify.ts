import { createDashboard, toNodeHandler } from '@switchyard/dashboard';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import { router } from './router.js';

const mounted = toNodeHandler(createDashboard(router, { basePath: '/switchyard' }));
const dashboard = (request: FastifyRequest, reply: FastifyReply) => {
  reply.hijack(); // the dashboard writes the response itself (event streams included)
  mounted(request.raw, reply.raw);
};

export const app = Fastify();
app.all('/switchyard', dashboard);
app.all('/switchyard/*', dashboard);
