import type { ChatRequest } from '../provider/chat-request.js';
import type { ChatResponse } from '../provider/chat-response.js';
import { contentText } from '../provider/content-parts.js';
import { extractJson } from '../widgets/extract-json.js';
import type { Scorer, ScorerVerdict } from './scorer.js';

/** Options of {@link keywordsScorer}. */
export interface KeywordsScorerOptions {
  /**
   * `'all'`: the share of the keywords found (each found keyword earns its part of 100);
   * `'any'`: 100 when at least one is found. Defaults to `'all'`.
   */
  readonly mode?: 'all' | 'any' | undefined;
  /** Whether case matters. Defaults to `false`. */
  readonly caseSensitive?: boolean | undefined;
}

/**
 * Scores an answer by the expected keywords it contains. A keyword matches at the start of a word,
 * so `divide` finds "divides" and "divided" but not "subdivide", and `def` not "undefined".
 *
 * @example
 * keywordsScorer(['divide', 'merge']) // 50 when only "merge" appears
 */
export function keywordsScorer(
  keywords: readonly string[],
  options: KeywordsScorerOptions = {},
): Scorer {
  if (keywords.length === 0) throw new TypeError('keywordsScorer needs at least one keyword.');
  const mode = options.mode ?? 'all';
  const flags = options.caseSensitive === true ? 'u' : 'iu';
  const patterns = keywords.map(
    (k) => [k, new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(k)}`, flags)] as const,
  );
  return {
    name: `keywords:${mode}`,
    score: (answer) => {
      const missing = patterns.filter(([, re]) => !re.test(answer)).map(([k]) => k);
      const found = patterns.length - missing.length;
      if (mode === 'any') {
        return found > 0 ? 100 : { quality: 0, note: `none of ${keywords.join(', ')}` };
      }
      const quality = (100 * found) / patterns.length;
      return missing.length === 0 ? quality : { quality, note: `missing ${missing.join(', ')}` };
    },
  };
}

/** Scores 100 when the answer matches `pattern`, else 0. */
export function regexScorer(pattern: RegExp): Scorer {
  // A global or sticky regex keeps state between `test` calls; score with a stateless copy.
  const re = new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ''));
  return {
    name: 'regex',
    score: (answer) => (re.test(answer) ? 100 : { quality: 0, note: `does not match ${re}` }),
  };
}

/**
 * Normalises an answer for {@link exactAnswerScorer}: lower case, straight quotes, no surrounding quotes, bold or
 * trailing full stop, runs of white space made one space, and numbers written the same way
 * (`1,000.50` → `1000.5`).
 */
export function normalizeAnswer(text: string): string {
  let out = text.normalize('NFKC').trim().toLowerCase().replace(/[‘’]/g, "'").replace(/[“”]/g, '"');
  out = out.replace(/^[*_"'`\s]+|[*_"'`\s]+$/g, '');
  out = out.replace(/[.!。]+$/u, '').trim();
  out = out.replace(/\s+/g, ' ');
  out = out.replace(/-?\d[\d,]*(?:\.\d+)?/g, (n) => {
    const value = Number(n.replace(/,/g, ''));
    return Number.isFinite(value) ? String(value) : n;
  });
  return out;
}

/**
 * Scores 100 when the whole answer equals `expected` after {@link normalizeAnswer}, else 0. Ask
 * for the bare answer in the prompt ("Reply with only the number.").
 *
 * @example
 * exactAnswerScorer('42').score('**42.**', ctx) // 100
 */
export function exactAnswerScorer(expected: string | number): Scorer {
  const want = normalizeAnswer(String(expected));
  return {
    name: 'exact',
    score: (answer) => {
      const got = normalizeAnswer(answer);
      return got === want ? 100 : { quality: 0, note: `expected "${want}", got "${clip(got)}"` };
    },
  };
}

/** Scores 100 for an answer of at least `chars` characters (trimmed), proportionally less below. */
export function minLengthScorer(chars: number): Scorer {
  if (!Number.isInteger(chars) || chars < 1) {
    throw new TypeError(`minLengthScorer needs a whole number of characters ≥ 1, got ${chars}.`);
  }
  return {
    name: 'min-length',
    score: (answer) => {
      const length = answer.trim().length;
      return length >= chars
        ? 100
        : { quality: (100 * length) / chars, note: `${length} of ${chars} characters` };
    },
  };
}

/** The part of a zod schema (3.25+ or 4) that {@link jsonSchemaScorer} uses. */
export interface SafeParseSchema {
  safeParse(value: unknown): {
    success: boolean;
    error?: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } | undefined;
  };
}

/**
 * Scores 100 when the answer holds JSON (bare, fenced or embedded in prose) that the zod schema
 * accepts; 0 when there is no JSON or the schema rejects it (the first issue is the note).
 */
export function jsonSchemaScorer(schema: SafeParseSchema): Scorer {
  return {
    name: 'json-schema',
    score: (answer) => {
      const extracted = extractJson(answer);
      if (!extracted.ok) return { quality: 0, note: extracted.error };
      const parsed = schema.safeParse(extracted.value);
      if (parsed.success) return 100;
      const issue = parsed.error?.issues[0];
      return {
        quality: 0,
        note:
          issue === undefined
            ? 'rejected by the schema'
            : `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`,
      };
    },
  };
}

/** Your own scoring function: return a quality from 0 to 100 (or a verdict), sync or async. */
export function customScorer(name: string, score: Scorer['score']): Scorer {
  return { name, score };
}

/** The part of a router that {@link llmJudgeScorer} uses: `router.chat`. */
export interface JudgeRouter {
  chat(request: ChatRequest): Promise<Pick<ChatResponse, 'text' | 'costUsd'>>;
}

/** Options of {@link llmJudgeScorer}. */
export interface LlmJudgeOptions {
  /** The router the judge's calls go through (retries, fallbacks and accounting apply). */
  readonly router: JudgeRouter;
  /** What a good answer does, in words, for the judge. */
  readonly rubric: string;
  /** The judge: an alias or `provider:model`. Defaults to the router's own choice. */
  readonly model?: string | undefined;
  /** The estimated cost of one judgement in US dollars, for the run's estimate. Defaults to 0.001. */
  readonly estimateUsd?: number | undefined;
}

const JUDGE_SYSTEM =
  'You grade answers. Read the rubric, the question and the answer, then reply with only an integer from 0 (useless) to 10 (perfect).';

/**
 * Asks a model, through the router, to grade the answer against a rubric (0–10, scaled to
 * 0–100). **Costs one model call per test and model**: the calls count toward the run's spend
 * cap. A judge that answers without a number makes the test score 0 with that reason.
 */
export function llmJudgeScorer(options: LlmJudgeOptions): Scorer {
  const estimate = options.estimateUsd ?? 0.001;
  return {
    name: 'judge',
    costsCalls: true,
    estimateUsd: () => estimate,
    score: async (answer, context): Promise<ScorerVerdict> => {
      const question = context.messages
        .map((m) => (m.role === 'user' ? contentText(m.content) : undefined))
        .filter((text) => text !== undefined)
        .join('\n');
      const verdict = await options.router.chat({
        model: options.model,
        messages: [
          { role: 'system', content: JUDGE_SYSTEM },
          {
            role: 'user',
            content: `Rubric: ${options.rubric}\n\nQuestion:\n${question}\n\nAnswer:\n${answer}\n\nScore (0-10):`,
          },
        ],
        temperature: 0,
        maxTokens: 8,
        signal: context.signal,
        metadata: { benchmark: 'judge' },
      });
      const match = /\b(10|\d)(?:\.\d+)?\b/.exec(verdict.text);
      if (match === null) {
        throw new Error(`the judge's answer holds no score from 0 to 10: "${clip(verdict.text)}"`);
      }
      return { quality: Number(match[1]) * 10, costUsd: verdict.costUsd };
    },
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
