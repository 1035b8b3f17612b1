/**
 * Terraform's spellings of options, accepted as they are typed: a single dash before a long
 * option (`-out=plan.json`, `-auto-approve`, `-target ADDR`, `-no-color`) means the same as two,
 * and `-lock=false` means `--no-lock`. Everything after `--` is left alone.
 */

/** A single dash, then a name of two or more characters (single letters stay short options). */
const SINGLE_DASH_LONG = /^-([A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*)(=.*)?$/s;

export function normalizeArgv(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (const [index, arg] of argv.entries()) {
    if (arg === '--') {
      out.push(...argv.slice(index));
      break;
    }
    const match = SINGLE_DASH_LONG.exec(arg);
    const name = match?.[1];
    if (!name || name.length < 2) {
      out.push(arg);
      continue;
    }
    const value = match[2];
    if (name === 'lock' && value !== undefined) {
      // Terraform's -lock=false / -lock=true; realmform locks by default.
      if (/^=(false|0)$/i.test(value)) out.push('--no-lock');
      else if (!/^=(true|1)$/i.test(value)) out.push(`--${name}${value}`);
      continue;
    }
    out.push(`--${name}${value ?? ''}`);
  }
  return out;
}
