// app/switchyard/[[...path]]/route.ts in a Next.js app
import { createDashboard } from '@switchyard/dashboard';
import { router } from './router.js';

const dashboard = createDashboard(router, { basePath: '/switchyard' });

export const GET = (request: Request) => dashboard(request);
export const POST = GET;
export const dynamic = 'force-dynamic';
