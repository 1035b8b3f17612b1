import { UserError } from './user-error.js';

const UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/** `0`, `30s`, `5m`, `1h`, `1500ms` → milliseconds; a bare number is seconds. */
export function parseDuration(text: string, option: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/.exec(text);
  if (!match) throw new UserError(`${option}: "${text}" is not a duration (e.g. 0, 30s, 5m, 1h)`);
  return Math.round(Number(match[1]) * (UNITS[match[2] ?? 's'] as number));
}
