import { BUILTIN_RULES } from '@switchyard/core';

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The built-in rules' complexity signals found in a message: each keyword (or pattern) of a rule
 * that votes `complex`, with the rule's name. The classifier itself only reports its verdict; this
 * reads the same rule table to show why.
 */
export function complexSignals(text: string): string[] {
  const found: string[] = [];
  for (const rule of BUILTIN_RULES) {
    if (rule.complexity !== 'complex') continue;
    for (const keyword of rule.keywords ?? []) {
      const pattern = new RegExp(`\\b${escapeRegExp(keyword).replace(/\s+/g, '\\s+')}\\b`, 'i');
      if (pattern.test(text)) found.push(`"${keyword}" (${rule.name})`);
    }
    for (const pattern of rule.patterns ?? []) {
      if (pattern.test(text)) found.push(`${pattern} (${rule.name})`);
    }
  }
  return found;
}
