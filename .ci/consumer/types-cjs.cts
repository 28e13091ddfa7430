// Type-checked with moduleResolution node16 as CommonJS: the require conditions' .d.cts files.
import { createRouter } from '@switchyard/core';
import { pipeToNodeResponse } from '@switchyard/http';
import { createMockProvider } from '@switchyard/testing';

const router = createRouter({ providers: [createMockProvider({ id: 'mock' })] });
export const pipe: typeof pipeToNodeResponse = pipeToNodeResponse;
export const closed: Promise<void> = router.close();
