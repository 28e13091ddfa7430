import type { ToolMessage } from '../provider/messages.js';
import type { ToolCall } from '../provider/tool.js';

// Types only, importing nothing that imports them back (the response and trace types name them).

/** One tool call's outcome. */
export interface ToolCallOutcome {
  readonly call: ToolCall;
  /** The message sent back to the model (`isError` when the call failed). */
  readonly message: ToolMessage;
  /** `undefined` on success; else why it failed. */
  readonly error?: 'unknown-tool' | 'invalid-arguments' | 'timeout' | 'threw' | undefined;
  /** Time the call took, in milliseconds (0 when it never ran). */
  readonly latencyMs: number;
}

/** One tool call of a step, in the route trace. */
export interface ToolCallTrace {
  readonly id: string;
  readonly name: string;
  /** `undefined` when the call succeeded; else why it failed. */
  readonly error?: ToolCallOutcome['error'];
  /** Time the tool took, in milliseconds. */
  readonly latencyMs: number;
}

/** One model turn of a tool loop, in the route trace. */
export interface ToolStepTrace {
  /** 1 for the first model turn. */
  readonly step: number;
  readonly provider: string;
  readonly model: string;
  /** The tool calls the model made in this turn and how they ran (empty for the final turn). */
  readonly calls: readonly ToolCallTrace[];
}

/** How tools took part in a request, in `route.tools`. */
export interface ToolTrace {
  /** The tools offered to the model, by name. */
  readonly offered: readonly string[];
  /** The registry domain used, when a registry chose the tools. */
  readonly domain?: string | undefined;
  /** Who named `domain`: the request (`toolDomain`, `intent`, `category`) or the classifier. */
  readonly domainSource?: 'request' | 'classifier' | undefined;
  /** Estimated schema tokens of the offered tools, per model turn. */
  readonly schemaTokens: number;
  /** Estimated schema tokens per turn saved against offering every registry tool (0 without a registry). */
  readonly savedTokens: number;
  /** Each model turn, when the router ran the tools (`maxSteps`). */
  readonly steps: readonly ToolStepTrace[];
}
