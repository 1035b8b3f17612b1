/** `1 object`, `2 objects`: counts in messages (English nouns with a plain plural). */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
