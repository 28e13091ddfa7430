// The pieces `CompiledRules` builds its matchers from: the one keyword expression (a prefix
// trie of every keyword), and the leading words that gate a pattern.

// `\b` only knows ASCII word characters, so "élève" would never match on a boundary. Unicode
// lookarounds are correct for every script but cost about 1.3 µs more per KB, so they are used
// only when some keyword needs them.
export function keywordRegex(keywords: readonly string[]): RegExp {
  const trie = trieSource(keywords);
  if (keywords.every(isAscii)) return new RegExp(`\\b(?:${trie})(?:e?s)?\\b`, 'g');
  return new RegExp(`(?<![\\p{L}\\p{N}_])(?:${trie})(?:e?s)?(?![\\p{L}\\p{N}_])`, 'gu');
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: the ASCII range test is intended.
export const isAscii = (text: string) => /^[\x00-\x7f]*$/.test(text);

const LEADING_WORDS = /^\\b(?:\(\?:([a-z]+(?:\|[a-z]+)*)\)|([a-z]+))\\b/i;

/**
 * The words a pattern cannot match without, when it starts with `\b(?:w1|w2)\b` or `\bword\b`
 * (plain letters) and has no `|` at its top level; otherwise `undefined` (the pattern always runs).
 * Case-insensitive Unicode patterns are left alone: under `/ui`, `K` (Kelvin) and `ſ` match `k` and
 * `s`, which the lower-cased keyword pass would not see.
 */
export function gateWords(pattern: RegExp): readonly string[] | undefined {
  if (pattern.ignoreCase && (pattern.unicode || pattern.flags.includes('v'))) return undefined;
  const lead = LEADING_WORDS.exec(pattern.source);
  if (lead === null || hasTopLevelAlternative(pattern.source)) return undefined;
  return (lead[1] ?? lead[2] ?? '').toLowerCase().split('|');
}

function hasTopLevelAlternative(source: string): boolean {
  let depth = 0;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === '\\') i += 1;
    else if (ch === '[') {
      for (i += 1; i < source.length && source[i] !== ']'; i++) if (source[i] === '\\') i += 1;
    } else if (ch === '(') depth += 1;
    else if (ch === ')') depth -= 1;
    else if (ch === '|' && depth === 0) return true;
  }
  return false;
}

export function normalizeKeyword(keyword: string): string {
  return keyword.trim().toLowerCase().replace(/\s+/g, ' ');
}

/** A regular-expression source for `words` as a prefix trie: `a(?:lgorithm|nalyze)|b(?:ug)`. */
function trieSource(words: readonly string[]): string {
  type Node = Map<string, Node> & { end?: boolean };
  const root: Node = new Map();
  for (const word of words) {
    let node = root;
    for (const ch of word) {
      let next = node.get(ch);
      if (next === undefined) {
        next = new Map();
        node.set(ch, next);
      }
      node = next;
    }
    node.end = true;
  }
  const escapeChar = (ch: string) =>
    ch === ' ' ? '\\s+' : ch.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
  const build = (node: Node): string => {
    const branches = [...node].map(([ch, child]) => escapeChar(ch) + build(child));
    if (branches.length === 0) return '';
    const body = branches.length === 1 ? (branches[0] as string) : `(?:${branches.join('|')})`;
    return node.end ? `(?:${body})?` : body;
  };
  return build(root);
}
