import { createServer } from 'node:http';
import { createDashboard, toNodeHandler } from '@switchyard/dashboard';
import { router } from './router.js';

const dashboard = createDashboard(router, {
  basePath: '/switchyard',
  authorize: process.env.DASHBOARD_TOKEN, // actions stay off while it is unset
});
const mounted = toNodeHandler(dashboard);

export const server = createServer((req, res) => {
  mounted(req, res, () => {
    res.writeHead(404).end(); // not the dashboard's: your own routes go here
  });
});
