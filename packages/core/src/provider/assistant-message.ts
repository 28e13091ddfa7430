import type { ChatResponse } from './chat-response.js';
import type { ProviderContinuation } from './continuation.js';
import type { AssistantMessage, Message } from './messages.js';

// Helpers over continuation state; apart from its types so that the message and response types
// can name `ProviderContinuation` without an import cycle.

/**
 * The assistant message that records `response` in a conversation: its text, its tool calls and
 * its continuation state, ready to send back with the tool results on the next turn.
 *
 * @example
 * const first = await router.chat({ messages, tools });
 * messages.push(assistantMessage(first), { role: 'tool', toolCallId: first.toolCalls[0].id, content: '{"temp":18}' });
 */
export function assistantMessage(
  response: Pick<ChatResponse, 'text' | 'toolCalls' | 'continuation'>,
): AssistantMessage {
  return {
    role: 'assistant',
    content: response.text,
    ...(response.toolCalls.length > 0 && { toolCalls: response.toolCalls }),
    ...(response.continuation !== undefined && { continuation: response.continuation }),
  };
}

/**
 * The messages as a provider of `vendor` may see them: continuation state written by another
 * vendor removed from assistant messages and their tool calls. Returns the same array when there
 * is nothing to remove, and `dropped`, the vendors whose state was removed.
 */
export function withoutForeignContinuations(
  messages: readonly Message[],
  vendor: string,
): { readonly messages: readonly Message[]; readonly dropped: readonly string[] } {
  let dropped: string[] | undefined;
  let out: Message[] | undefined;
  for (let i = 0; i < messages.length; i++) {
    const message = messages[i] as Message;
    if (message.role !== 'assistant') continue;
    const foreign = (c: ProviderContinuation | undefined) => c !== undefined && c.vendor !== vendor;
    const callsForeign = message.toolCalls?.some((call) => foreign(call.continuation)) === true;
    if (!foreign(message.continuation) && !callsForeign) continue;
    dropped ??= [];
    for (const c of [message.continuation, ...(message.toolCalls ?? []).map((t) => t.continuation)])
      if (foreign(c) && !dropped.includes((c as ProviderContinuation).vendor))
        dropped.push((c as ProviderContinuation).vendor);
    out ??= messages.slice();
    const { continuation: _dropped, ...rest } = message;
    out[i] = {
      ...rest,
      ...(message.toolCalls !== undefined && {
        toolCalls: message.toolCalls.map((call) => {
          if (!foreign(call.continuation)) return call;
          const { continuation: _gone, ...plain } = call;
          return plain;
        }),
      }),
      ...(message.continuation !== undefined &&
        !foreign(message.continuation) && { continuation: message.continuation }),
    };
  }
  return { messages: out ?? messages, dropped: dropped ?? [] };
}
