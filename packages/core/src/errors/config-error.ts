import { hasMarker, SwitchyardError, type SwitchyardErrorOptions } from './switchyard-error.js';

const configMarker: unique symbol = Symbol.for('switchyard.error.config');

/** One problem in a configuration: where (`models.fast[1]`) and why. */
export interface ConfigIssue {
  readonly path: string;
  readonly message: string;
}

/**
 * A configuration is invalid. Thrown by `createRouter` (and other factories) before any request
 * is made; `issues` lists every bad path at once, and the message names them all.
 */
export class ConfigError extends SwitchyardError {
  readonly [configMarker] = true;
  readonly issues: readonly ConfigIssue[];
  constructor(
    subject: string,
    issues: readonly ConfigIssue[],
    options: SwitchyardErrorOptions = {},
  ) {
    const lines = issues.map((issue) => `  - ${issue.path || '(root)'}: ${issue.message}`);
    super(
      `Invalid ${subject} (${issues.length} ${issues.length === 1 ? 'problem' : 'problems'}):\n${lines.join('\n')}`,
      'config',
      false,
      options,
    );
    this.issues = issues;
  }
  static override isInstance(error: unknown): error is ConfigError {
    return hasMarker(error, configMarker);
  }
}
