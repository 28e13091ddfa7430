import { createRuleClassifier } from '@switchyard/core';
import { HOST_RULES, PROMPT_1KB } from './fixtures.js';

const c = createRuleClassifier({ rules: HOST_RULES });
// biome-ignore lint: probing internals for an experiment
const compiled = c as any;
const text = PROMPT_1KB;

// Rebuild the keyword source the same way the classifier does.
import { BUILTIN_RULES } from '@switchyard/core';

const kws = [...BUILTIN_RULES, ...HOST_RULES]
  .flatMap((r) => r.keywords ?? [])
  .map((k) => k.trim().toLowerCase().replace(/\s+/g, ' '));
type N = Map<string, N> & { end?: boolean };
const root: N = new Map();
for (const w of kws) {
  let n = root;
  for (const ch of w) {
    let x = n.get(ch);
    if (!x) {
      x = new Map();
      n.set(ch, x);
    }
    n = x;
  }
  n.end = true;
}
const esc = (ch: string) => (ch === ' ' ? '\\s+' : ch.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&'));
const build = (n: N): string => {
  const b = [...n].map(([ch, child]) => esc(ch) + build(child));
  if (!b.length) return '';
  const body = b.length === 1 ? b[0]! : `(?:${b.join('|')})`;
  return n.end ? `(?:${body})?` : body;
};
const trie = build(root);
const variants: [string, () => unknown][] = [
  [
    'A lower + \\b..(e?s)?\\b g',
    (() => {
      const r = new RegExp(`\\b(?:${trie})(?:e?s)?\\b`, 'g');
      return () => text.toLowerCase().match(r);
    })(),
  ],
  [
    'A0 lower + \\b..\\b g (no plural)',
    (() => {
      const r = new RegExp(`\\b(?:${trie})\\b`, 'g');
      return () => text.toLowerCase().match(r);
    })(),
  ],
  [
    'B orig + gi',
    (() => {
      const r = new RegExp(`\\b(?:${trie})(?:e?s)?\\b`, 'gi');
      return () => text.match(r);
    })(),
  ],
  [
    'D lower + lookbehind',
    (() => {
      const r = new RegExp(`(?<![a-z0-9_])(?:${trie})(?:e?s)?\\b`, 'g');
      return () => text.toLowerCase().match(r);
    })(),
  ],
  [
    'E lower + [a-z] first class \\b',
    (() => {
      const r = new RegExp(`\\b(?=[a-z])(?:${trie})(?:e?s)?\\b`, 'g');
      return () => text.toLowerCase().match(r);
    })(),
  ],
  ['classify()', () => c.classify({ text, messages: [], request: { messages: [] } })],
];
const N = 100_000;
for (let round = 0; round < 3; round++) {
  for (const [name, fn] of variants) {
    for (let i = 0; i < 5000; i++) fn();
    const t = process.hrtime.bigint();
    for (let i = 0; i < N; i++) fn();
    console.log(
      round,
      name.padEnd(36),
      (Number(process.hrtime.bigint() - t) / N / 1000).toFixed(2),
    );
  }
}
