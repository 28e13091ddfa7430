import type { WidgetService } from './define-widget.js';
import type { WidgetOutputMode } from './widget-attempt.js';
import { formatIssue, type WidgetIssue } from './widget-issue.js';

/** The name a widget's schema and tool go by at the vendors (`lesson-plan` → `lesson_plan`). */
export function toolNameOf(service: WidgetService): string {
  return service.name.replace(/-/g, '_');
}

/** What the `json` strategy adds to the widget's prompt: the schema and the examples. */
export function jsonInstructions(service: WidgetService): string {
  const lines = [
    '',
    '## Output format',
    'Answer with one JSON object and nothing else: no prose before or after it, no code fences.',
    'Every property in the schema is required; use null where the schema allows it and you have nothing to put.',
    `JSON Schema: ${JSON.stringify(service.jsonSchema?.schema ?? {})}`,
  ];
  for (const example of service.examples) {
    lines.push(
      '',
      `Example request: ${example.request}`,
      `Example answer: ${JSON.stringify(example.data)}`,
    );
  }
  return lines.join('\n');
}

/** The system prompt of the `tool` strategy's extraction call. */
export function extractionPrompt(service: WidgetService): string {
  return [
    `You turn an assistant's answer into structured data for the "${service.name}" widget: ${service.description}`,
    `Call the \`${toolNameOf(service)}\` function once, with the data.`,
    'Take every value from the answer. Where the answer says nothing about a field, use null if the schema allows it; never invent facts the answer does not contain.',
  ].join('\n');
}

/** The user turn of the `tool` strategy's extraction call. */
export function extractionInput(request: string, answer: string): string {
  return `Request:\n${request}\n\nAnswer:\n${answer}`;
}

/** The repair turn: the validation issues and what to send back. */
export function repairInstructions(
  service: WidgetService,
  issues: readonly WidgetIssue[],
  mode: WidgetOutputMode,
): string {
  const how =
    mode === 'tool-call'
      ? `Call \`${toolNameOf(service)}\` again with the complete, corrected data.`
      : service.strategy === 'custom'
        ? 'Answer again, complete and in the same format, with these problems fixed.'
        : 'Answer again with the complete, corrected JSON object only: no prose, no code fences.';
  return [
    `Your previous answer could not be used as "${service.name}" data. Problems:`,
    ...issues.map((issue) => `- ${formatIssue(issue)}`),
    `${how} Keep everything that was right.`,
  ].join('\n');
}
