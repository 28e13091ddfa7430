import type { FinishReason } from '@switchyard/core';
import type { FakeRequest } from './fake-request.js';

/** A tool call in a scripted answer. */
export interface FakeToolCall {
  /** The call id the vendor sends. Defaults to a vendor-style id (`call_1_0`); ignored by vendors without ids. */
  readonly id?: string | undefined;
  readonly name: string;
  /**
   * The arguments: an object (sent as the vendor sends it), or text sent as it is, which lets a
   * test send arguments that are not valid JSON.
   */
  readonly arguments: Readonly<Record<string, unknown>> | string;
}

/** Token counts in a scripted answer. */
export interface FakeUsage {
  /** Prompt tokens, cached ones included. Defaults to an estimate of four characters a token. */
  readonly inputTokens?: number | undefined;
  /** Defaults to an estimate of four characters a token. */
  readonly outputTokens?: number | undefined;
  /** Prompt tokens read from the vendor's prompt cache. Defaults to none reported. */
  readonly cachedInputTokens?: number | undefined;
  /** Prompt tokens written to the vendor's prompt cache (Anthropic). Defaults to none reported. */
  readonly cacheWriteInputTokens?: number | undefined;
  /** Hidden reasoning tokens. Defaults to none reported. */
  readonly reasoningTokens?: number | undefined;
}

/**
 * A scripted answer, vendor-neutral: each fake renders it in its vendor's wire format. A string
 * is shorthand for `{ text }`.
 */
export type FakeReply =
  | string
  | {
      /** The answer's text. Defaults to none (a tool-calls-only answer) when there are tool calls, else `"ok"`. */
      readonly text?: string | undefined;
      /**
       * The model's reasoning, rendered where the vendor puts it: a signed `thinking` block
       * (Anthropic), a `thought: true` part (Gemini), `reasoning` (Groq). Vendors without a
       * reasoning channel (OpenAI chat completions) leave it out. Defaults to none.
       */
      readonly reasoning?: string | undefined;
      /** Tool calls the model makes. Defaults to none. */
      readonly toolCalls?: readonly FakeToolCall[] | undefined;
      /** Defaults to `tool-calls` when there are tool calls, else `stop`. Rendered as the vendor's own reason. */
      readonly finishReason?: FinishReason | undefined;
      readonly usage?: FakeUsage | undefined;
      /** The model id the vendor reports. Defaults to the model the request named. */
      readonly model?: string | undefined;
      /** The vendor's response id. Defaults to a vendor-style id (`chatcmpl-fake-1`). */
      readonly id?: string | undefined;
    };

/** Extra response headers, and a wait before the answer starts. Shared by every script. */
export interface FakeScriptTiming {
  /** Response headers added to the vendor's usual ones. Defaults to none. */
  readonly headers?: Readonly<Record<string, string>> | undefined;
  /** Wait this long before answering. Defaults to 0. */
  readonly delayMs?: number | undefined;
}

/** Answer with `reply`: a JSON body, or a stream with default chunking when the request streams. */
export interface FakeReplyScript extends FakeScriptTiming {
  readonly type: 'reply';
  readonly reply: FakeReply;
}

/**
 * Answer a streaming request with `reply`, chunked and timed as told, optionally broken. Sent to a
 * request that does not stream, the fake answers 500 and says why, so the mistake is visible.
 */
export interface FakeStreamScript extends FakeScriptTiming {
  readonly type: 'stream';
  readonly reply: FakeReply;
  /** Characters per text delta and per tool-argument delta. Defaults to one word of text, 12 characters of arguments. */
  readonly chunkSize?: number | undefined;
  /** Wait between two frames. Defaults to 0. */
  readonly chunkDelayMs?: number | undefined;
  /**
   * End the stream early, without its finish, usage and terminator frames: `true` after all the
   * content chunks, a number after that many. Defaults to `false`.
   */
  readonly truncate?: boolean | number | undefined;
  /**
   * How a truncated stream ends: `'end'` closes the response cleanly (the SDK sees an ordinary
   * end), `'destroy'` resets the connection. Defaults to `'end'`.
   */
  readonly truncateMode?: 'end' | 'destroy' | undefined;
  /** Send the vendor's mid-stream error frame after this many content chunks, then end. Defaults to none. */
  readonly errorAfterChunks?: number | undefined;
  /** The error frame's type or code. Defaults to the vendor's server-error type (`server_error`). */
  readonly errorType?: string | undefined;
  /** The error frame's message. Defaults to the vendor's usual wording. */
  readonly errorMessage?: string | undefined;
  /** Send this many content chunks, then wait until the client goes away. Defaults to none. */
  readonly stallAfterChunks?: number | undefined;
}

/** A refusal the vendor words in its own way; the fake renders that vendor's real body. */
export type FakeErrorReason = 'context-length' | 'content-filter';

/** Answer with an HTTP error in the vendor's error format. */
export interface FakeErrorScript extends FakeScriptTiming {
  readonly type: 'error';
  readonly status: number;
  /** Defaults to the vendor's message for the status (or the reason). */
  readonly message?: string | undefined;
  /** The vendor's error code. Defaults to the vendor's code for the status (or the reason). */
  readonly code?: string | undefined;
  /** Render the vendor's real body for this refusal. Defaults to none. */
  readonly reason?: FakeErrorReason | undefined;
  /**
   * Ask the client to wait: seconds (or an HTTP date) sent as `retry-after`. Vendors that carry
   * the wait in the body (Gemini's `RetryInfo`) get it there. Defaults to none.
   */
  readonly retryAfter?: number | string | undefined;
  /** Ask the client to wait this many milliseconds (`retry-after-ms`). Defaults to none. */
  readonly retryAfterMs?: number | undefined;
}

/** Never answer; the request stays open until the client goes away or the server closes. */
export interface FakeHangScript {
  readonly type: 'hang';
}

/** Destroy the connection without answering: the client sees a connection error. */
export interface FakeDropScript {
  readonly type: 'drop';
}

/** Answer with exactly this status, headers and body (a body that is not JSON, a hand-made stream). */
export interface FakeRawScript extends FakeScriptTiming {
  readonly type: 'raw';
  /** Defaults to 200. */
  readonly status?: number | undefined;
  readonly body: string;
}

/** What a fake server does with one request. */
export type FakeScript =
  | FakeReplyScript
  | FakeStreamScript
  | FakeErrorScript
  | FakeHangScript
  | FakeDropScript
  | FakeRawScript;

/** A script, or a function that picks one from the request (its `chat` view is filled in). */
export type FakeScriptSource = FakeScript | ((request: FakeRequest) => FakeScript);
