import { createHash, timingSafeEqual } from 'node:crypto';
import type { DashboardAuthorize } from './dashboard-options.js';

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/**
 * An authorisation check that accepts `Authorization: Bearer <token>` with exactly this token.
 * Both sides are hashed to the same length first, then compared with `timingSafeEqual`, so the
 * time taken says nothing about how much of a guess was right (nor about the token's length).
 *
 * @throws TypeError when the token is empty.
 */
export function bearerToken(token: string): (request: Request) => boolean {
  if (typeof token !== 'string' || token.length === 0) {
    throw new TypeError('bearerToken: the token must be a non-empty string');
  }
  const expected = digest(token);
  return (request) => {
    const header = request.headers.get('authorization');
    if (header === null) return false;
    const match = /^Bearer\s+(.+)$/i.exec(header.trim());
    if (match === null) return false;
    return timingSafeEqual(digest(match[1] as string), expected);
  };
}

/** The check to run for actions, or undefined when actions are off. */
export function resolveAuthorize(
  authorize: DashboardAuthorize | undefined,
): ((request: Request) => boolean | Promise<boolean>) | undefined {
  if (authorize === undefined) return undefined;
  if (typeof authorize === 'string') return bearerToken(authorize);
  if (typeof authorize === 'function') return authorize;
  throw new TypeError(
    'createDashboard: authorize must be a token (string) or a function (request) => boolean',
  );
}
