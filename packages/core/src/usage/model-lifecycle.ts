import { BUILTIN_MODELS } from './model-data.js';
import type { ModelRecord } from './model-record.js';

export type { ModelRecord } from './model-record.js';

// Dated snapshots and aliases share their family's record, as prices do: claude-sonnet-4-5-20250929,
// gpt-4o-2024-08-06, claude-3-5-haiku-latest, models/gemini-2.5-flash, gemini-2.0-flash-001.
const SUFFIX = /(?:-\d{4}-\d{2}-\d{2}|-\d{8}|-latest|-\d{3})$/;

/**
 * What the built-in model data says about `provider:model`: the exact id first, then the id
 * without a `models/` prefix and without date, version or `-latest` suffixes. `undefined` for a
 * model the data does not list.
 */
export function builtinModelRecord(providerId: string, model: string): ModelRecord | undefined {
  const entries: Readonly<Record<string, ModelRecord>> = BUILTIN_MODELS.entries;
  let family = model.startsWith('models/') ? model.slice(7) : model;
  for (let i = 0; i < 4; i++) {
    const found = entries[`${providerId}:${family}`];
    if (found !== undefined) return found;
    const shorter = family.replace(SUFFIX, '');
    if (shorter === family) return undefined;
    family = shorter;
  }
  return undefined;
}

/** Whether the built-in data marks `provider:model` deprecated (with or without a date). */
export function isDeprecatedModel(providerId: string, model: string): boolean {
  const record = builtinModelRecord(providerId, model);
  return (
    record !== undefined && (record.deprecated === true || record.deprecationDate !== undefined)
  );
}

interface Notice {
  /** Ms since the epoch from which the warning is due (0: at once). */
  readonly at: number;
  readonly message: string;
  sent: boolean;
}

const KEY = Symbol('switchyard.deprecation-notices');

/**
 * One-time `model-deprecated` warnings: a model past its deprecation date (or marked deprecated
 * without one) is reported once per router, on the first answer it gives from that date on.
 */
export class DeprecationNotices {
  private readonly byRef = new Map<string, Notice | null>();

  /** The notices kept in `extensions` (a router's per-lifetime state), created on first use. */
  static of(extensions: Map<symbol | string, unknown>): DeprecationNotices {
    let notices = extensions.get(KEY) as DeprecationNotices | undefined;
    if (notices === undefined) {
      notices = new DeprecationNotices();
      extensions.set(KEY, notices);
    }
    return notices;
  }

  /** Calls `sink.warn` once for `ref` when `now` (ms since the epoch) is past its deprecation date. */
  check(
    ref: string,
    providerId: string,
    model: string,
    now: number,
    sink: { warn(code: string, message: string): void },
  ): void {
    let notice = this.byRef.get(ref);
    if (notice === undefined) {
      notice = noticeFor(ref, providerId, model);
      this.byRef.set(ref, notice);
    }
    if (notice === null || notice.sent || now < notice.at) return;
    notice.sent = true;
    sink.warn('model-deprecated', notice.message);
  }
}

function noticeFor(ref: string, providerId: string, model: string): Notice | null {
  const record = builtinModelRecord(providerId, model);
  if (record === undefined) return null;
  const instead =
    record.successor === undefined
      ? 'Move to a current model.'
      : `Use ${providerId}:${record.successor} instead.`;
  if (record.deprecationDate !== undefined) {
    return {
      at: Date.parse(`${record.deprecationDate}T00:00:00Z`),
      message: `${ref} reached its deprecation date (${record.deprecationDate}); the vendor may stop serving it. ${instead}`,
      sent: false,
    };
  }
  if (record.deprecated === true)
    return {
      at: 0,
      message: `${ref} is marked deprecated in the model data. ${instead}`,
      sent: false,
    };
  return null;
}
