import type { ProviderContinuation } from './continuation.js';
import type { ToolCall } from './tool.js';

/** Instructions for the model. Adapters place it where each vendor expects it. */
export interface SystemMessage {
  readonly role: 'system';
  readonly content: string;
}

/** A piece of text in a user message made of parts. */
export interface TextPart {
  readonly type: 'text';
  readonly text: string;
}

/** The image formats every vendor adapter accepts as base64 `data`. */
export type ImageMediaType = 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp';

/**
 * An image in a user message: a URL the vendor fetches (`https:`, or a `data:` URL), or base64
 * `data` with its `mediaType`. Only models whose capabilities include `vision` take one; the
 * router drops the others before any call.
 */
export type ImagePart =
  | {
      readonly type: 'image';
      /** An `https:`/`http:` URL, or a `data:<mediaType>;base64,...` URL. */
      readonly url: string;
      /** The image format, when known. Vendors that need it (Gemini) read it from a `data:` URL. */
      readonly mediaType?: ImageMediaType | undefined;
    }
  | {
      readonly type: 'image';
      /** The image bytes, base64-encoded (no `data:` prefix). */
      readonly data: string;
      readonly mediaType: ImageMediaType;
    };

/** One part of a user message's content. */
export type ContentPart = TextPart | ImagePart;

/** A message from the end user: text, or parts (text and images) in order. */
export interface UserMessage {
  readonly role: 'user';
  readonly content: string | readonly ContentPart[];
}

/** A previous model turn: text, tool calls, or both. */
export interface AssistantMessage {
  readonly role: 'assistant';
  /** The text the model produced. Empty or absent when the turn only called tools. */
  readonly content?: string | null | undefined;
  /** The tools the model asked to call in this turn. */
  readonly toolCalls?: readonly ToolCall[] | undefined;
  /**
   * Vendor state of this turn (signed thinking blocks), as the response's `continuation` gave it.
   * Send it back unchanged; adapters of other vendors ignore it. Defaults to none.
   */
  readonly continuation?: ProviderContinuation | undefined;
}

/** The result of one tool call, sent back to the model. */
export interface ToolMessage {
  readonly role: 'tool';
  /** The `id` of the {@link ToolCall} this answers. */
  readonly toolCallId: string;
  /** The tool's name. Google needs it; adapters find it in the conversation when absent. */
  readonly name?: string | undefined;
  /** The result, usually JSON text. */
  readonly content: string;
  /** Marks the result as a failed tool execution. */
  readonly isError?: boolean | undefined;
}

/** Any message in a conversation. */
export type Message = SystemMessage | UserMessage | AssistantMessage | ToolMessage;

/** The role of a {@link Message}. */
export type MessageRole = Message['role'];
