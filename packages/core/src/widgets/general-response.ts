import { defineWidget } from './define-widget.js';

/**
 * The default fallback of a widget registry: a general text answer on the `fast` tier for
 * requests no widget matches (the seed's lightweight fallback router). No schema, no extraction.
 */
export const generalResponseService = defineWidget({
  name: 'general-response',
  description: 'A general text answer, for requests that no widget handles.',
  intents: [],
  tier: 'fast',
  prompt: [
    'You are a helpful assistant inside an application that also shows structured widgets.',
    'Answer the request directly and concisely in plain text. If a short list helps, use one.',
    'Do not invent facts; say so when you do not know.',
  ].join('\n'),
});
