import type { ProviderContinuation } from './continuation.js';
import type { ToolCall } from './tool.js';

/** Instructions for the model. Adapters place it where each vendor expects it. */
export interface SystemMessage {
  readonly role: 'system';
  readonly content: string;
}

/** A message from the end user. */
export interface UserMessage {
  readonly role: 'user';
  readonly content: string;
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
