import type { ChatResponse } from '../provider/chat-response.js';
import type { Message } from '../provider/messages.js';
import type { ToolCallOutcome } from './run-tool-calls.js';

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
  /** Estimated schema tokens of the offered tools, per model turn. */
  readonly schemaTokens: number;
  /** Estimated schema tokens per turn saved against offering every registry tool (0 without a registry). */
  readonly savedTokens: number;
  /** Each model turn, when the router ran the tools (`maxSteps`). */
  readonly steps: readonly ToolStepTrace[];
}

/** One model turn of a tool loop and the tool results it led to. */
export interface ToolStep {
  readonly response: ChatResponse;
  readonly results: readonly ToolCallOutcome[];
}

/** What a tool loop did, on the final `ChatResponse` as `toolLoop`. */
export interface ToolLoopResult {
  /** Every model turn in order; the last one is the response itself. */
  readonly steps: readonly ToolStep[];
  /** The conversation at the end: the request's messages, then each turn and its tool results. */
  readonly messages: readonly Message[];
  /**
   * `true` when `maxSteps` model turns were used and the last one still called tools (they were
   * not run): the response is that turn, not a final answer.
   */
  readonly limitReached: boolean;
}
