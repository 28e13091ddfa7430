import type { Complexity } from '../provider/route-trace.js';
import { BUILTIN_CATEGORIES, BUILTIN_RULES } from './builtin-rules.js';
import type {
  Classification,
  Classifier,
  ClassifierInput,
  ClassifierRule,
} from './classification.js';
import { addTo, CompiledRules, type Votes } from './compile-rules.js';

/** Options of {@link createRuleClassifier}. */
export interface RuleClassifierOptions {
  /** Your own rules, added to the built-in ones. Defaults to none. */
  readonly rules?: readonly ClassifierRule[] | undefined;
  /** Whether the built-in rules apply. Defaults to `true`. */
  readonly builtinRules?: boolean | undefined;
  /**
   * Longest text scanned for keywords: the first three quarters and the last quarter of this
   * many characters of a longer message. Length signals still see the whole message. Defaults
   * to 4 096.
   */
  readonly maxScanChars?: number | undefined;
}

/** The rule classifier: synchronous. */
export interface RuleClassifier extends Classifier {
  classify(input: ClassifierInput): Classification;
}

// Cheap signals beyond keywords, and the weight of their votes.
const CODE_FENCE = '```';
const LONG_MESSAGE = 1_500;
const MEDIUM_MESSAGE = 500;
const SHORT_MESSAGE = 80;
const MANY_QUESTIONS = 3;
const DEEP_CONVERSATION = 5;
/** The complexity margin (complex votes minus simple votes) from which a request is complex. */
const COMPLEX_MARGIN = 1;

/**
 * The rule-based classifier: keyword and pattern rules vote for an intent, a category and a
 * complexity, together with cheap signals (message length, number of questions, code blocks,
 * conversation depth). Rules compile once; a classification costs a few microseconds and no
 * network call. Synchronous.
 */
export function createRuleClassifier(options: RuleClassifierOptions = {}): RuleClassifier {
  const rules = [
    ...(options.builtinRules === false ? [] : BUILTIN_RULES),
    ...(options.rules ?? []),
  ];
  const compiled = new CompiledRules(rules, BUILTIN_CATEGORIES);
  const maxScan = options.maxScanChars ?? 4_096;
  const votes: Votes = {
    categories: new Float64Array(compiled.categories.length),
    intents: new Float64Array(compiled.intents.length),
    complex: 0,
    simple: 0,
    matchedRules: 0,
  };
  const coding = compiled.categories.indexOf('coding');

  return {
    name: 'rules',
    classify(input: ClassifierInput): Classification {
      const { text } = input;
      votes.categories.fill(0);
      votes.intents.fill(0);
      votes.complex = 0;
      votes.simple = 0;
      votes.matchedRules = 0;
      const scan =
        text.length <= maxScan
          ? text
          : `${text.slice(0, Math.floor(maxScan * 0.75))}\n${text.slice(text.length - Math.floor(maxScan * 0.25))}`;
      compiled.vote(scan, votes);

      const code = text.includes(CODE_FENCE);
      if (code) {
        if (coding >= 0) addTo(votes.categories, coding, 2);
        votes.complex += 1.5;
      }
      const questions = countChar(scan, '?');
      if (questions >= MANY_QUESTIONS) votes.complex += 1;
      if (text.length > LONG_MESSAGE) votes.complex += 2;
      else if (text.length > MEDIUM_MESSAGE) votes.complex += 1;
      // A short single question reads as simple; short but with code or several questions does not.
      else if (text.length < SHORT_MESSAGE && !code && questions <= 1) votes.simple += 1;
      if (userTurns(input) >= DEEP_CONVERSATION) votes.complex += 1;

      let top = -1;
      let topScore = 0;
      let secondScore = 0;
      const scores = votes.categories;
      for (let i = 0; i < scores.length; i++) {
        const score = scores[i] as number;
        if (score > topScore) {
          secondScore = topScore;
          topScore = score;
          top = i;
        } else if (score > secondScore) secondScore = score;
      }
      let intent: string | undefined;
      let intentScore = 0;
      for (let i = 0; i < votes.intents.length; i++) {
        const score = votes.intents[i] as number;
        if (score > intentScore) {
          intentScore = score;
          intent = compiled.intents[i];
        }
      }
      const complexity: Complexity =
        votes.complex - votes.simple >= COMPLEX_MARGIN ? 'complex' : 'simple';
      return {
        intent,
        category: top < 0 ? 'general' : (compiled.categories[top] as string),
        complexity,
        // One matching rule gives 0.5, two 0.67, three 0.75; a close runner-up lowers it.
        confidence: top < 0 ? 0.25 : topScore / (topScore + secondScore + 1),
        source: 'rules',
      };
    },
  };
}

function countChar(text: string, ch: string): number {
  let count = 0;
  for (let i = text.indexOf(ch); i >= 0; i = text.indexOf(ch, i + 1)) count += 1;
  return count;
}

function userTurns(input: ClassifierInput): number {
  let turns = 0;
  for (const message of input.messages) if (message.role === 'user') turns += 1;
  return turns;
}
