import type { Classification } from '../classify/classification.js';
import { type ClassifierRunner, isPromise } from '../classify/classifier-runner.js';
import type { NormalizedAlias, NormalizedRouterConfig } from '../config/validate-router-config.js';
import { InvalidRequestError } from '../errors/provider-errors.js';
import type { ChatRequest } from '../provider/chat-request.js';
import type { RouteStep } from '../provider/route-trace.js';
import type { SessionState, SessionStore } from '../session/session-store.js';
import type { PriceTable } from '../usage/price-table.js';
import type { Candidate, CandidateRegistry } from './candidate.js';
import { filterCandidates } from './filter-candidates.js';
import { requirementsOf } from './fit-candidates.js';
import { orderAlias } from './order-alias.js';
import { decideStep, PlanRun } from './plan-run.js';
import type { PlanTrace } from './plan-trace.js';
import type { PolicyDecision, RoutingPolicy } from './routing-policy.js';
import { unknownModel } from './unknown-model.js';

/** The ordered candidates for one request and why. */
export interface RoutePlan {
  /** The candidates to try, in order, after the filters. */
  readonly candidates: readonly Candidate[];
  /** Every candidate considered, in order (`provider:model`), before the filters. */
  readonly refs: readonly string[];
  /** The alias the candidates came from, if any. */
  readonly tier: string | undefined;
  /** Why these candidates, in words. */
  readonly reason: string;
  readonly classification: Classification | undefined;
  /** The intent and category: the classifier's, or the request's own when it was not classified. */
  readonly intent: string | undefined;
  readonly category: string | undefined;
  /** The session taking part, and its state before this request. */
  readonly session:
    | { readonly id: string; readonly previous: SessionState | undefined }
    | undefined;
}

/** What the planner works with. */
export interface PlannerParts {
  readonly config: NormalizedRouterConfig;
  readonly registry: CandidateRegistry;
  readonly classifier: ClassifierRunner;
  /** Where sessions live; `undefined` when session affinity is off. */
  readonly sessions: SessionStore | undefined;
  readonly prices: PriceTable;
  /** The chain, in order. */
  readonly chain: readonly RoutingPolicy[];
  /** The chain's session link, run even after another link decided. */
  readonly sessionLink: RoutingPolicy | undefined;
  /** Bounds a session read that answered with a promise; without it, the read is awaited as is. */
  readonly awaitSession?:
    | ((
        loaded: Promise<SessionState | undefined>,
        trace: PlanTrace,
      ) => Promise<SessionState | undefined>)
    | undefined;
}

/**
 * Runs the policy chain for a request: the first link that decides chooses the candidates
 * (aliases are ordered by their strategy); the session link may put its provider first; then
 * candidates that cannot take the request (capabilities, context window) are filtered out. Every
 * link's verdict is a step of the trace.
 */
export class Planner {
  // A pass with a constant note (most passes) is recorded as the same frozen step every time,
  // rather than a new object per request.
  private readonly passSteps = new WeakMap<PolicyDecision, RouteStep>();
  private readonly noSessionStep: RouteStep;
  private readonly isAlias: (name: string) => boolean;

  constructor(private readonly parts: PlannerParts) {
    this.isAlias = (name) => parts.config.aliases.has(name);
    this.noSessionStep = Object.freeze({
      policy: parts.sessionLink?.name ?? 'session',
      verdict: 'pass',
      note: 'no session id',
    });
  }

  private passStep(policy: RoutingPolicy, decision: PolicyDecision | undefined): RouteStep {
    if (decision === undefined) return { policy: policy.name, verdict: 'pass', note: 'no opinion' };
    let step = this.passSteps.get(decision);
    if (step === undefined || step.policy !== policy.name) {
      step = Object.freeze({ policy: policy.name, verdict: 'pass' as const, note: decision.note });
      this.passSteps.set(decision, step);
    }
    return step;
  }

  /**
   * Plans a request. Synchronous unless a session store or a classifier answers with a promise:
   * on the common path the request pays for no promise here.
   */
  plan(request: ChatRequest, state: PlanTrace, streaming: boolean): RoutePlan | Promise<RoutePlan> {
    return this.runChain(new PlanRun(request, this.isAlias), state, streaming);
  }

  /** Runs the chain from `run.index`; suspends on a promise and resumes where it stopped. */
  private runChain(
    run: PlanRun,
    state: PlanTrace,
    streaming: boolean,
  ): RoutePlan | Promise<RoutePlan> {
    const { chain, sessionLink, classifier, sessions } = this.parts;
    const { request, context } = run;
    const steps = state.steps;
    for (; run.index < chain.length; run.index++) {
      const policy = chain[run.index] as RoutingPolicy;
      if (run.decided !== undefined && policy !== sessionLink) continue;
      if (policy === sessionLink) {
        if (request.sessionId === undefined || sessions === undefined) {
          steps.push(this.noSessionStep);
          continue;
        }
        if (!run.sessionLoaded) {
          run.sessionLoaded = true;
          const loaded = sessions.get(request.sessionId);
          if (isPromise(loaded)) {
            const bounded = this.parts.awaitSession?.(loaded, state) ?? loaded;
            return bounded.then((session) => {
              context.session = session;
              return this.runChain(run, state, streaming);
            });
          }
          context.session = loaded;
        }
      }
      if (policy.needsClassification && context.classification === undefined) {
        const result = classifier.classify(request);
        if (isPromise(result)) {
          return result.then((classification) => {
            context.classification = classification;
            return this.runChain(run, state, streaming);
          });
        }
        context.classification = result;
      }
      const decision = policy.decide(context);
      if (decision === undefined || decision.verdict === 'pass') {
        steps.push(this.passStep(policy, decision));
      } else if (decision.verdict === 'prefer') {
        const step = { policy: policy.name, verdict: 'prefer' as const, note: decision.note };
        steps.push(step);
        run.prefer = { provider: decision.provider, step };
      } else {
        steps.push(decideStep(policy.name, decision));
        run.decided = { decision, policy: policy.name };
      }
    }
    return this.finish(run, state, streaming);
  }

  private finish(run: PlanRun, state: PlanTrace, streaming: boolean): RoutePlan {
    const { request, decided, prefer } = run;
    const { sessions } = this.parts;
    const steps = state.steps;
    const classification = run.context.classification;
    const session = run.context.session;
    if (decided === undefined) {
      throw new InvalidRequestError(
        'The request names no model and no routing policy chose one: set `model` on the request, or configure `models` / `defaultModel`.',
        { code: 'no_model' },
      );
    }

    const resolved = this.resolve(decided.decision.models, request, streaming, steps);
    let list = resolved.list;
    let reason = decided.decision.note;
    if (prefer !== undefined) {
      const provider = prefer.provider;
      const first = list.filter((c) => c.providerId === provider);
      if (first.length === 0) {
        prefer.step.verdict = 'pass';
        prefer.step.note = `session provider ${provider} is not among this request's candidates`;
      } else if (list[0]?.providerId !== provider) {
        list = [...first, ...list.filter((c) => c.providerId !== provider)];
        reason = `${reason}; ${prefer.step.note}`;
      } else {
        reason = `${reason}; ${prefer.step.note}`;
      }
    }

    const refs =
      list === resolved.list && resolved.refs !== undefined
        ? resolved.refs
        : list.map((c) => c.ref);
    const fit = filterCandidates(list, request, streaming, state);
    return {
      candidates: fit,
      refs,
      tier: resolved.tier,
      reason,
      classification,
      intent: classification?.intent ?? request.intent,
      category: classification?.category ?? request.category,
      session:
        request.sessionId !== undefined && sessions !== undefined
          ? { id: request.sessionId, previous: session }
          : undefined,
    };
  }

  /** The same plan, with its candidates replaced by those of `alias` (a budget's cheaper tier). */
  reroute(
    plan: RoutePlan,
    alias: string,
    request: ChatRequest,
    state: PlanTrace,
    streaming: boolean,
  ): RoutePlan {
    const resolved = this.resolve(alias, request, streaming, state.steps);
    return {
      ...plan,
      candidates: filterCandidates(resolved.list, request, streaming, state),
      refs: resolved.list.map((c) => c.ref),
      tier: resolved.tier,
      reason: `${plan.reason}; rerouted to ${alias} by a budget`,
    };
  }

  // An alias's candidates in written order, resolved once. An `ordered` alias decided alone is
  // used as it is: no list is built per request.
  private readonly written = new Map<
    string,
    { readonly list: readonly Candidate[]; readonly refs: readonly string[] }
  >();

  private writtenOf(alias: NormalizedAlias): {
    readonly list: readonly Candidate[];
    readonly refs: readonly string[];
  } {
    let entry = this.written.get(alias.name);
    if (entry === undefined) {
      // Frozen: the same arrays appear in every response's route.
      const list = Object.freeze(
        alias.candidates.map((c) => this.parts.registry.get(c.ref) as Candidate),
      );
      entry = { list, refs: Object.freeze(list.map((c) => c.ref)) };
      this.written.set(alias.name, entry);
    }
    return entry;
  }

  private resolve(
    models: string | readonly string[],
    request: ChatRequest,
    streaming: boolean,
    steps: RouteStep[],
  ): {
    list: readonly Candidate[];
    tier: string | undefined;
    refs?: readonly string[] | undefined;
  } {
    const { config, registry, prices } = this.parts;
    if (typeof models === 'string') {
      const alias = config.aliases.get(models);
      if (alias !== undefined && alias.strategy === 'ordered') {
        const written = this.writtenOf(alias);
        return { list: written.list, tier: alias.name, refs: written.refs };
      }
    }
    const names = typeof models === 'string' ? [models] : models;
    const list: Candidate[] = [];
    let tier: string | undefined;
    for (const name of names) {
      const alias = config.aliases.get(name);
      if (alias !== undefined) {
        tier ??= alias.name;
        const written = this.writtenOf(alias).list;
        const ordered = orderAlias(alias, written, {
          random: config.random,
          prices,
          estimate: () => ({
            input: requirementsOf(request, streaming).promptTokens,
            output: request.maxTokens ?? 500,
          }),
        });
        if (ordered.note !== undefined)
          steps.push({ policy: 'balance', verdict: 'reorder', note: ordered.note });
        for (const c of ordered.list) if (!list.includes(c)) list.push(c);
        continue;
      }
      const candidate = registry.get(name);
      if (candidate === undefined) throw unknownModel(name, config);
      if (!list.includes(candidate)) list.push(candidate);
    }
    return { list, tier };
  }
}
