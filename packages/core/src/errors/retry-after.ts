/** Anything that can give a header by name: WHATWG `Headers`, or a plain object. */
export type HeaderSource =
  | { get(name: string): string | null | undefined }
  | Readonly<Record<string, string | readonly string[] | undefined>>
  | null
  | undefined;

/** Reads one header case-insensitively from `Headers` or a plain object. */
export function readHeader(headers: HeaderSource, name: string): string | undefined {
  if (headers === null || headers === undefined) return undefined;
  if (typeof (headers as { get?: unknown }).get === 'function') {
    return (headers as { get(n: string): string | null | undefined }).get(name) ?? undefined;
  }
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(headers as Record<string, unknown>)) {
    if (key.toLowerCase() !== lower) continue;
    if (Array.isArray(value)) return value[0] as string | undefined;
    return typeof value === 'string' ? value : undefined;
  }
  return undefined;
}

/**
 * How long the vendor asked us to wait, from `retry-after-ms` (milliseconds, read first, as the
 * vendors' own SDKs do) or `retry-after` (seconds, or an HTTP date). `undefined` when absent or
 * unreadable.
 */
export function parseRetryAfter(
  headers: HeaderSource,
  now: number = Date.now(),
): number | undefined {
  const ms = readHeader(headers, 'retry-after-ms');
  if (ms !== undefined) {
    const value = Number.parseFloat(ms);
    if (Number.isFinite(value) && value >= 0) return value;
  }
  const header = readHeader(headers, 'retry-after');
  if (header === undefined) return undefined;
  const seconds = Number(header.trim());
  if (header.trim() !== '' && Number.isFinite(seconds))
    return seconds >= 0 ? seconds * 1000 : undefined;
  const date = Date.parse(header);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** Parses a protobuf duration string such as Gemini's `RetryInfo.retryDelay` (`"7s"`, `"1.5s"`). */
export function parseDuration(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^(\d+(?:\.\d+)?)s$/.exec(value.trim());
  return match?.[1] === undefined ? undefined : Number.parseFloat(match[1]) * 1000;
}
