import { createDashboard, toNodeHandler } from '@switchyard/dashboard';
import express from 'express';
import { router } from './router.js';

export const app = express();
app.use(toNodeHandler(createDashboard(router, { basePath: '/switchyard' })));
app.get('/', (_req, res) => {
  res.send('the rest of your app');
});
