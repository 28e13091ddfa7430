import type { Complexity } from '../provider/route-trace.js';
import type { ClassifierRule } from './classification.js';
import { gateWords, isAscii, keywordRegex, normalizeKeyword } from './keyword-regex.js';

/** Distinct matches that add to one rule's vote. */
const MAX_EVIDENCE = 3;
/** Shortest keyword that also matches with a plural ending ("bug" → "bugs", but not "hi" → "his"). */
const MIN_PLURAL_STEM = 3;

/** A keyword (or a gate word) after compilation. */
interface KeywordEntry {
  readonly evidence: number;
  /** Rules it votes for; none for a word that only gates patterns. */
  readonly rules: number[];
  /** Gated patterns it lets run. */
  readonly gates: number[];
}

/** A rule after compilation: categories and intents are small integers. */
interface CompiledRule {
  readonly category: number;
  readonly intent: number;
  readonly complexity: Complexity | undefined;
  readonly weight: number;
}

/**
 * A pattern that can only match where one of its leading words stands on its own (it starts with
 * `\\b(?:plan|schedule)\\b` and has no alternative at the top level): it runs only when the keyword
 * pass saw one of those words, so a message without them pays nothing for it.
 */
interface GatedPattern {
  readonly regex: RegExp;
  readonly rule: number;
}

/** Patterns sharing the same flags, combined into one regular expression with a group per rule. */
interface PatternGroup {
  readonly regex: RegExp;
  /** Rule index and evidence index for each named group `r<n>_<m>`. */
  readonly groups: readonly (readonly [string, number, number])[];
  /** The pattern itself, without `g`, when the group has only one. */
  readonly single: RegExp | undefined;
}

/** The votes of one classification, before they are turned into a verdict. */
export interface Votes {
  /** Score per category index. */
  readonly categories: Float64Array;
  /** Score per intent index. */
  readonly intents: Float64Array;
  complex: number;
  simple: number;
  matchedRules: number;
}

/**
 * Rules compiled once into as few matchers as possible: every keyword of every rule goes into a
 * single regular expression factored as a prefix trie (the engine dispatches on one character
 * instead of trying each alternative), applied to the lower-cased text in one pass; matches map
 * back to rules through a table. Testing rules one by one costs about 25 times more.
 */
export class CompiledRules {
  readonly categories: readonly string[];
  readonly intents: readonly string[];
  private readonly rules: readonly CompiledRule[];
  private readonly keywordRegex: RegExp | undefined;
  private readonly keywordRules = new Map<string, KeywordEntry>();
  private readonly patternGroups: readonly PatternGroup[];
  private readonly gatedPatterns: readonly GatedPattern[];
  // Scratch space reused across calls (JavaScript runs one classification at a time). A keyword or
  // pattern ("evidence") counts once per call: its stamp equals the call's generation once seen.
  // A rule gains weight for each distinct piece of evidence, up to MAX_EVIDENCE, so repeating a
  // word cannot inflate a vote but several different words strengthen it.
  private readonly evidenceStamps: Uint32Array;
  private readonly ruleStamps: Uint32Array;
  private readonly ruleHits: Uint8Array;
  /** Per gated pattern: the generation in which one of its words was seen. */
  private readonly gateStamps: Uint32Array;
  /** Every gate word, for a match that names no keyword (see `openGates`). */
  private readonly gateWords: readonly (readonly [string, number])[];
  private generation = 0;

  constructor(rules: readonly ClassifierRule[], baseCategories: readonly string[]) {
    const categories = [...baseCategories];
    const intents: string[] = [];
    const indexOf = (list: string[], value: string | undefined) => {
      if (value === undefined) return -1;
      let i = list.indexOf(value);
      if (i < 0) i = list.push(value) - 1;
      return i;
    };
    const keywords: string[] = [];
    let evidence = 0;
    const patternsByFlags = new Map<
      string,
      { sources: string[]; groups: [string, number, number][] }
    >();
    const asciiKeywords = rules.every((rule) =>
      (rule.keywords ?? []).every((keyword) => isAscii(normalizeKeyword(keyword))),
    );
    const gated: { regex: RegExp; rule: number; words: readonly string[] }[] = [];
    const entryFor = (key: string): KeywordEntry => {
      let entry = this.keywordRules.get(key);
      if (entry === undefined) {
        entry = { evidence: evidence++, rules: [], gates: [] };
        this.keywordRules.set(key, entry);
        keywords.push(key);
      }
      return entry;
    };
    this.rules = rules.map((rule, index) => {
      for (const keyword of rule.keywords ?? []) {
        const key = normalizeKeyword(keyword);
        if (key === '') continue;
        const entry = entryFor(key);
        if (!entry.rules.includes(index)) entry.rules.push(index);
      }
      for (const pattern of rule.patterns ?? []) {
        // The gate is exact only where the keyword pass sees words as the pattern's `\\b` does
        // (ASCII word characters); with a non-ASCII keyword every pattern runs on every message.
        const words = asciiKeywords ? gateWords(pattern) : undefined;
        if (words !== undefined) {
          gated.push({
            regex: new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, '')),
            rule: index,
            words,
          });
          continue;
        }
        const flags = pattern.flags.replace(/[gyd]/g, '');
        let group = patternsByFlags.get(flags);
        if (group === undefined) {
          group = { sources: [], groups: [] };
          patternsByFlags.set(flags, group);
        }
        const name = `r${index}_${group.groups.length}`;
        group.sources.push(`(?<${name}>${pattern.source})`);
        group.groups.push([name, index, evidence++]);
      }
      return {
        category: indexOf(categories, rule.category),
        intent: indexOf(intents, rule.intent),
        complexity: rule.complexity,
        weight: rule.weight ?? 1,
      };
    });
    this.categories = categories;
    this.intents = intents;
    // Gate words join the keyword pass as keywords of no rule.
    const gateWordList: [string, number][] = [];
    gated.forEach((gate, g) => {
      for (const word of gate.words) {
        entryFor(word);
        gateWordList.push([word, g]);
      }
    });
    // A longer keyword can swallow a gate word ("game plan" matches where "plan" stands): every
    // keyword that contains a gate word opens that gate too.
    for (const [key, entry] of this.keywordRules)
      for (const [word, g] of gateWordList)
        if (key.includes(word) && !entry.gates.includes(g)) entry.gates.push(g);
    this.gatedPatterns = gated.map(({ regex, rule }) => ({ regex, rule }));
    this.gateWords = gateWordList;
    this.gateStamps = new Uint32Array(gated.length);
    this.keywordRegex = keywords.length > 0 ? keywordRegex(keywords) : undefined;
    this.patternGroups = [...patternsByFlags].map(([flags, group]) => ({
      regex: new RegExp(group.sources.join('|'), `${flags}g`),
      groups: group.groups,
      single:
        group.sources.length === 1 ? new RegExp(group.sources[0] as string, flags) : undefined,
    }));
    this.evidenceStamps = new Uint32Array(evidence);
    this.ruleStamps = new Uint32Array(rules.length);
    this.ruleHits = new Uint8Array(rules.length);
  }

  /** Lets every rule that matches `text` vote once into `votes`. */
  vote(text: string, votes: Votes): void {
    this.generation = (this.generation + 1) >>> 0;
    if (this.generation === 0) {
      this.evidenceStamps.fill(0);
      this.ruleStamps.fill(0);
      this.gateStamps.fill(0);
      this.generation = 1;
    }
    if (this.keywordRegex !== undefined) {
      this.keywordRegex.lastIndex = 0;
      const found = text.toLowerCase().match(this.keywordRegex);
      if (found !== null) {
        for (const match of found) {
          const entry = this.lookup(match);
          if (entry === undefined) {
            if (this.gateWords.length > 0) this.openGatesIn(match);
            continue;
          }
          for (const g of entry.gates) this.gateStamps[g] = this.generation;
          if (this.evidenceStamps[entry.evidence] === this.generation) continue;
          this.evidenceStamps[entry.evidence] = this.generation;
          for (const id of entry.rules) this.count(id, votes);
        }
      }
    }
    for (let g = 0; g < this.gatedPatterns.length; g++) {
      const gated = this.gatedPatterns[g] as GatedPattern;
      if (this.gateStamps[g] === this.generation && gated.regex.test(text))
        this.count(gated.rule, votes);
    }
    for (const group of this.patternGroups) {
      if (group.groups.length === 1) {
        // One pattern: a non-global test stops at the first match, which is all a vote needs.
        if (group.single?.test(text))
          this.count((group.groups[0] as readonly [string, number, number])[1], votes);
        continue;
      }
      group.regex.lastIndex = 0;
      for (let m = group.regex.exec(text); m !== null; m = group.regex.exec(text)) {
        if (m[0] === '') group.regex.lastIndex += 1;
        const named = m.groups;
        if (named === undefined) continue;
        for (const [name, id, evidence] of group.groups) {
          if (named[name] === undefined || this.evidenceStamps[evidence] === this.generation)
            continue;
          this.evidenceStamps[evidence] = this.generation;
          this.count(id, votes);
        }
      }
    }
  }

  /** A match that is no keyword as written (a short one with a plural ending): any gate word in it. */
  private openGatesIn(match: string): void {
    for (const [word, g] of this.gateWords)
      if (match.includes(word)) this.gateStamps[g] = this.generation;
  }

  /**
   * The keyword a match stands for: as written, with whitespace collapsed, or without a plural
   * ending. Only keywords of MIN_PLURAL_STEM characters or more take a plural: a shorter one plus
   * an "s" is usually another word ("hi" → "his").
   */
  private lookup(match: string) {
    const rules = this.keywordRules;
    let entry = rules.get(match);
    if (entry !== undefined) return entry;
    const key = /\s/.test(match) ? match.replace(/\s+/g, ' ') : match;
    entry = rules.get(key);
    if (entry === undefined && key.endsWith('s') && key.length > MIN_PLURAL_STEM)
      entry = rules.get(key.slice(0, -1));
    if (entry === undefined && key.endsWith('es') && key.length > MIN_PLURAL_STEM + 1)
      entry = rules.get(key.slice(0, -2));
    return entry;
  }

  private count(id: number, votes: Votes): void {
    if (this.ruleStamps[id] !== this.generation) {
      this.ruleStamps[id] = this.generation;
      this.ruleHits[id] = 0;
      votes.matchedRules += 1;
    }
    const hits = this.ruleHits[id] ?? 0;
    if (hits >= MAX_EVIDENCE) return;
    this.ruleHits[id] = hits + 1;
    const rule = this.rules[id] as CompiledRule;
    if (rule.category >= 0) addTo(votes.categories, rule.category, rule.weight);
    if (rule.intent >= 0) addTo(votes.intents, rule.intent, rule.weight);
    if (rule.complexity === 'complex') votes.complex += rule.weight;
    else if (rule.complexity === 'simple') votes.simple += rule.weight;
  }
}

/** `array[index] += amount`, for typed arrays under `noUncheckedIndexedAccess`. */
export function addTo(array: Float64Array, index: number, amount: number): void {
  array[index] = (array[index] ?? 0) + amount;
}
