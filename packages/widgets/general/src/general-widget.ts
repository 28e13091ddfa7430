import { defineWidget } from '@switchyard/core';
import { GENERAL_WIDGET_PROMPT } from './general-widget-prompt.js';
import { generalWidgetSchema } from './general-widget-schema.js';

/**
 * The general widget: a structured answer shown as a card (a titled list, table or checklist) on
 * the `fast` tier with the vendor's native structured output. Matches requests such as "a
 * checklist for setting up the gym" or "a table comparing three warm-up games".
 */
export const generalWidget = defineWidget({
  name: 'general-widget',
  description:
    'A structured answer for a card: a title, an optional summary, and a list, table or checklist.',
  intents: [
    {
      name: 'structured-answer',
      keywords: [
        'checklist',
        'check list',
        'to-do list',
        'todo list',
        'table',
        'comparison',
        'list of',
        'bullet points',
        'step-by-step list',
      ],
    },
  ],
  tier: 'fast',
  prompt: GENERAL_WIDGET_PROMPT,
  schema: generalWidgetSchema,
  extraction: 'native',
  examples: [
    {
      request: 'Give me a checklist for setting up the gym before the fitness test.',
      data: {
        title: 'Fitness test set-up',
        summary: null,
        content: {
          kind: 'checklist',
          items: [
            { label: 'Mark the 20 m shuttle lanes with cones', checked: false },
            { label: 'Test the beep-test audio and speaker volume', checked: false },
            { label: 'Print score sheets and bring pencils', checked: false },
            { label: 'Put water and the first-aid kit by the door', checked: false },
            { label: 'Check the floor is dry and clear', checked: false },
          ],
        },
      },
    },
    {
      request: 'A table comparing three warm-up games for 20 students.',
      data: {
        title: 'Warm-up games compared',
        summary: 'All three need no more than 10 minutes.',
        content: {
          kind: 'table',
          columns: ['Game', 'Equipment', 'Best for'],
          rows: [
            ['Everybody is it', 'None', 'Quick start, large groups'],
            ['Rock-paper-scissors tag', 'Cones', 'Agility and reaction'],
            ['Islands', 'Hoops', 'Younger classes, listening'],
          ],
        },
      },
    },
  ],
});
