import { createDashboard } from '@switchyard/dashboard';
import { Hono } from 'hono';
import { router } from './router.js';

const dashboard = createDashboard(router, { basePath: '/switchyard' });

export const app = new Hono();
app.all('/switchyard', (c) => dashboard(c.req.raw));
app.all('/switchyard/*', (c) => dashboard(c.req.raw));
