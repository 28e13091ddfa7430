/** What went wrong, as a stable string (the same across duplicated package copies). */
export type ErrorKind =
  | 'rate-limit'
  | 'auth'
  | 'timeout'
  | 'context-length'
  | 'content-filter'
  | 'server'
  | 'connection'
  | 'invalid-request'
  | 'invalid-response'
  | 'no-provider'
  | 'abort'
  | 'config'
  | 'budget'
  | 'widget-extraction'
  | 'unknown';
