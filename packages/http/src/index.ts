export type { NodeResponseOptions } from './node-response.js';
export { pipeToNodeResponse } from './node-response.js';
export type { SSEMessage } from './sse-client.js';
export { readSSE, readStreamEvents } from './sse-client.js';
export type { ServedError, ServedErrorEvent, ServedStreamEvent } from './sse-format.js';
export { formatSSE, formatSSEError, SSE_HEADERS, servedError, TEXT_HEADERS } from './sse-format.js';
export type { StreamSource } from './stream-source.js';
export type { ResponseHelperOptions, StreamHelperOptions } from './web-streams.js';
export { toSSEResponse, toSSEStream, toTextResponse, toTextStream } from './web-streams.js';
