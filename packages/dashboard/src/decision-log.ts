import type { Complexity, DecisionEvent, RouteStep } from '@switchyard/core';

/** One routing decision, as the dashboard keeps it. */
export interface DecisionEntry {
  /** A number that grows with each decision, from 1. */
  readonly seq: number;
  /** When the dashboard received it (ms since the epoch). */
  readonly at: number;
  /** `provider:model` candidates, in the order they would be tried. */
  readonly candidates: readonly string[];
  readonly tier: string | undefined;
  readonly intent: string | undefined;
  readonly category: string | undefined;
  readonly complexity: Complexity | undefined;
  /** Each policy's verdict and note. */
  readonly steps: readonly RouteStep[];
  /** Why these candidates, in words. */
  readonly reason: string;
  readonly tenant: string | undefined;
  readonly sessionId: string | undefined;
}

/**
 * The most recent routing decisions, in a fixed-size ring: memory stays bounded however long the
 * router runs.
 */
export class DecisionLog {
  private readonly ring: (DecisionEntry | undefined)[];
  private next = 0;
  private seq = 0;

  constructor(readonly capacity: number) {
    this.ring = new Array<DecisionEntry | undefined>(capacity).fill(undefined);
  }

  add(event: DecisionEvent, at: number): DecisionEntry {
    const entry: DecisionEntry = {
      seq: ++this.seq,
      at,
      candidates: event.candidates,
      tier: event.tier,
      intent: event.intent,
      category: event.category,
      complexity: event.complexity,
      steps: event.steps,
      reason: event.reason,
      tenant: event.tenant,
      sessionId: event.sessionId,
    };
    this.ring[this.next] = entry;
    this.next = (this.next + 1) % this.capacity;
    return entry;
  }

  /** Up to `limit` entries, newest first. */
  recent(limit = this.capacity): DecisionEntry[] {
    const out: DecisionEntry[] = [];
    for (let i = 1; i <= this.capacity && out.length < limit; i++) {
      const entry = this.ring[(this.next - i + this.capacity) % this.capacity];
      if (entry === undefined) break;
      out.push(entry);
    }
    return out;
  }
}
