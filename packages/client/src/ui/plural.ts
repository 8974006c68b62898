const rules = new Intl.PluralRules('en');

/**
 * A count with its noun in the right number: "1 bot", "2 bots", "0 bots". English only, like the rest of
 * the interface; the rule comes from `Intl.PluralRules` rather than `n === 1`, so "1.5 seconds" is right.
 */
export function countOf(n: number, noun: string, plural = `${noun}s`): string {
  return `${n} ${rules.select(n) === 'one' ? noun : plural}`;
}
