import { hasMarker, SwitchyardError } from '../errors/switchyard-error.js';

const marker: unique symbol = Symbol.for('switchyard.error.model-file');

/** Why a learned-router model file was refused. */
export type ModelFileProblem =
  | 'not-a-model'
  | 'unsupported-version'
  | 'corrupt'
  | 'feature-mismatch'
  | 'missing-model';

/**
 * A learned-router model file cannot be used: it is not a model file, was written by an
 * unsupported version, is damaged (truncated, checksum mismatch), was built for another feature
 * extractor, or lacks a model the caller needs. Thrown at load time, never while routing. Kind
 * `config`, not retryable.
 */
export class ModelFileError extends SwitchyardError {
  readonly [marker] = true;
  /** What is wrong with the file. */
  readonly problem: ModelFileProblem;
  constructor(problem: ModelFileProblem, message: string, options: { cause?: unknown } = {}) {
    super(`Learned router model file: ${message}`, 'config', false, {
      code: problem,
      ...(options.cause === undefined ? {} : { cause: options.cause }),
    });
    this.problem = problem;
  }
  static override isInstance(error: unknown): error is ModelFileError {
    return hasMarker(error, marker);
  }
}
