/**
 * The substitution itself, with the rules of keycloak-config-cli's substitutor (Apache Commons
 * Text's StringSubstitutor as it configures it):
 * - `$$(` is a literal `$(` (the escape is a `$` before the prefix);
 * - variables nest in names, `$(file:UTF-8:$(env:F))`, unless `nested` is off;
 * - `name:-default` gives a default, used when the lookup finds nothing;
 * - a value is substituted again (a variable may hold variables), cycles are errors;
 * - `lookup:key` picks a lookup by name (any case); a lookup that finds nothing falls back to the
 *   Spring property of the same key, and a name without `lookup:` is such a property;
 * - an unset variable is an error, or with `undefinedIsError` off stays as written.
 * realmform's `${…}` spelling shares the lookups, but only `${lookup:…}` is a variable (so that
 * Keycloak's `${role_x}` keys pass through), its values are not substituted again, and an empty
 * value also takes the default (as the shell's `:-`).
 */
import { propertyLookup } from './environment.js';
import { type LookupEnvironment, LookupError } from './lookup.js';
import { findLookup, SUPPORTED_LOOKUP_NAMES } from './lookups.js';
import { type SubstitutionSettings, type Syntax, syntaxesOf } from './settings.js';

export interface TextSubstitution {
  value: string;
  /** True when the whole text was one variable, so its value may be coerced to the field's type. */
  whole: boolean;
  errors: string[];
  warnings: string[];
  /** Variables that were not set (`env:NAME`); each is also one of `errors`. */
  unset: string[];
  /** Variables set to "" and used as such (no default given). */
  empty: string[];
}

/** Whatever a lookup needs, per spelling (file paths start elsewhere for each). */
export type EnvironmentFor = (syntax: Syntax) => LookupEnvironment;

const DEFAULT_DELIMITER = ':-';
const MAX_DEPTH = 32;
/** keycloak-config-cli's separate JavaScript phase (`import.var-substitution.script-evaluation-enabled`). */
const JAVASCRIPT = /(?<!\$)\$\$\{\s*javascript:/;

interface Lookup {
  value: string | undefined;
  /** realmform's older `$(env:NAME:default)` spelling of a default. */
  fallback?: string;
}

class Expansion {
  readonly errors: string[] = [];
  readonly warnings: string[] = [];
  readonly unset: string[] = [];
  readonly empty: string[] = [];

  constructor(
    private readonly settings: SubstitutionSettings,
    private readonly environmentFor: EnvironmentFor,
  ) {}

  /** Substitutes every variable of `text` written in one of `active`; `onVariable` sees top-level ones. */
  expand(
    text: string,
    active: readonly Syntax[],
    chain: readonly string[],
    onVariable?: (start: number, end: number, resolved: boolean) => void,
  ): string {
    let out = '';
    // Only a `$` of the text itself escapes, not one that ends a substituted value.
    let afterDollar = false;
    let i = 0;
    while (i < text.length) {
      const syntax = active.find((candidate) => text.startsWith(candidate.prefix, i));
      if (!syntax) {
        afterDollar = text[i] === '$';
        out += text[i];
        i++;
        continue;
      }
      if (afterDollar) {
        // `$` + prefix: the escape goes, the prefix stays as text.
        out = out.slice(0, -1) + syntax.prefix;
        i += syntax.prefix.length;
        afterDollar = false;
        continue;
      }
      const end = closingSuffix(text, i, syntax);
      if (end < 0) {
        const rest = text.slice(i);
        if (looksLikeLookup(rest.slice(syntax.prefix.length)))
          // An error, not a warning: applied as written, the text would reach Keycloak.
          this.errors.push(
            `\`${rest}\` has no closing \`${syntax.suffix}\`: close it (or write \`$${syntax.prefix}\` to keep it as text)`,
          );
        out += rest;
        break;
      }
      const after = end + syntax.suffix.length;
      const outcome = this.resolve(
        text.slice(i, after),
        text.slice(i + syntax.prefix.length, end),
        syntax,
        chain,
      );
      onVariable?.(i, after, outcome.resolved);
      out += outcome.value;
      afterDollar = false;
      i = after;
    }
    return out;
  }

  private resolve(
    written: string,
    inner: string,
    syntax: Syntax,
    chain: readonly string[],
  ): { value: string; resolved: boolean } {
    const unresolved = { value: written, resolved: false };
    const errorsBefore = this.errors.length;
    const expanded = syntax.nested ? this.expand(inner, [syntax], chain) : inner;
    // A nested variable that failed was reported; looking up what is left would only repeat it.
    if (this.errors.length > errorsBefore) return unresolved;
    const [name, writtenDefault] = splitDefault(expanded, syntax);
    if (chain.includes(name) || chain.length >= MAX_DEPTH) {
      this.errors.push(
        `\`${written}\`: variables refer to each other in a cycle (${[...chain, name].join(' → ')})`,
      );
      return unresolved;
    }
    const found = this.lookup(name, syntax, written);
    if (!found) return unresolved;
    const fallback = writtenDefault ?? found.fallback;
    let value = found.value;
    if (value === undefined || (syntax.dialect === 'realmform' && value === '' && fallback !== undefined))
      value = fallback;
    if (value === undefined) {
      if (this.settings.undefinedIsError) {
        this.errors.push(`variable \`${name}\` is not set (in \`${written}\`; give a default with \`:-\`)`);
        this.unset.push(name);
      } else
        this.warnings.push(
          `variable \`${name}\` is not set; \`${written}\` is kept as written (undefined-is-error is off)`,
        );
      return unresolved;
    }
    if (value === '' && fallback === undefined) this.empty.push(name);
    if (syntax.dialect === 'keycloak-config-cli') value = this.expand(value, [syntax], [...chain, name]);
    return { value, resolved: true };
  }

  /** The variable's value (undefined: not set), or undefined when it is no variable or failed. */
  private lookup(name: string, syntax: Syntax, written: string): Lookup | undefined {
    const environment = this.environmentFor(syntax);
    const colon = name.indexOf(':');
    if (colon < 0) {
      // realmform's spelling leaves `${role_x}` to Keycloak; keycloak-config-cli reads a property.
      if (syntax.dialect === 'realmform') return undefined;
      return this.call(written, () => ({ value: propertyLookup(name, environment) }));
    }
    const prefix = name.slice(0, colon);
    let key = name.slice(colon + 1);
    const definition = findLookup(prefix);
    if (!definition) {
      if (syntax.dialect === 'realmform') {
        if (/^[A-Za-z][\w.-]*$/.test(prefix))
          this.warnings.push(
            `\`${written}\` is not a variable realmform knows (${SUPPORTED_LOOKUP_NAMES.join(', ')}); kept as written`,
          );
        return undefined;
      }
      this.errors.push(
        `\`${written}\`: unknown lookup \`${prefix}\` (realmform knows ${SUPPORTED_LOOKUP_NAMES.join(', ')}); a literal \`${syntax.prefix}\` is written \`$${syntax.prefix}\``,
      );
      return undefined;
    }
    if (!definition.resolve) {
      this.errors.push(
        `\`${written}\`: the \`${definition.name}\` lookup is not supported: ${definition.refused}`,
      );
      return undefined;
    }
    let fallback: string | undefined;
    if (definition.name === 'env' || definition.name === 'sys') {
      if (key.trim() === '') {
        this.errors.push(`variable \`${written}\` has no name`);
        return undefined;
      }
      const extra = key.indexOf(':');
      if (extra >= 0) {
        if (syntax.dialect === 'realmform') {
          this.errors.push(`invalid variable \`${written}\`: write a default as \`\${env:NAME:-default}\``);
          return undefined;
        }
        fallback = key.slice(extra + 1);
        key = key.slice(0, extra);
      }
    }
    const resolve = definition.resolve;
    const found = this.call(written, () => ({
      // As in keycloak-config-cli, a lookup that finds nothing falls back to the property of its key.
      value: resolve(key, environment) ?? propertyLookup(key, environment),
    }));
    return found && { ...found, ...(fallback === undefined ? {} : { fallback }) };
  }

  private call(written: string, run: () => Lookup): Lookup | undefined {
    try {
      return run();
    } catch (error) {
      if (!(error instanceof LookupError)) throw error;
      this.errors.push(`\`${written}\`: ${error.message}`);
      return undefined;
    }
  }
}

/** Index of the suffix that closes the variable opened at `start`, or -1. */
function closingSuffix(text: string, start: number, syntax: Syntax): number {
  let depth = 0;
  let j = start + syntax.prefix.length;
  while (j < text.length) {
    if (syntax.nested && text.startsWith(syntax.prefix, j)) {
      depth++;
      j += syntax.prefix.length;
    } else if (text.startsWith(syntax.suffix, j)) {
      if (depth === 0) return j;
      depth--;
      j += syntax.suffix.length;
    } else j++;
  }
  return -1;
}

/** `name:-default` → [name, default]; without nesting, a nested prefix ends the search. */
function splitDefault(expression: string, syntax: Syntax): [string, string | undefined] {
  for (let i = 0; i < expression.length; i++) {
    if (!syntax.nested && expression.startsWith(syntax.prefix, i)) break;
    if (expression.startsWith(DEFAULT_DELIMITER, i))
      return [expression.slice(0, i), expression.slice(i + DEFAULT_DELIMITER.length)];
  }
  return [expression, undefined];
}

function looksLikeLookup(text: string): boolean {
  const prefix = /^([A-Za-z][A-Za-z0-9]*):/.exec(text)?.[1];
  return prefix !== undefined && findLookup(prefix) !== undefined;
}

/** Substitutes the variables of one string. */
export function substituteText(
  text: string,
  settings: SubstitutionSettings,
  environmentFor: EnvironmentFor,
): TextSubstitution {
  const syntaxes = syntaxesOf(settings);
  if (JAVASCRIPT.test(text))
    return {
      value: text,
      whole: false,
      errors: [
        'JavaScript evaluation (`$${javascript:…}`) is not supported by realmform: compute the value in the pipeline and pass it with `$(env:NAME)`',
      ],
      warnings: [],
      unset: [],
      empty: [],
    };
  if (!settings.enabled) {
    const warnings = variablesIn(text, syntaxes).map(
      (written) =>
        `\`${written}\` is kept as written: variable substitution is off (IMPORT_VARSUBSTITUTION_ENABLED=false)`,
    );
    return { value: text, whole: false, errors: [], warnings, unset: [], empty: [] };
  }
  const expansion = new Expansion(settings, environmentFor);
  const variables: { start: number; end: number; resolved: boolean }[] = [];
  const value = expansion.expand(text, syntaxes, [], (start, end, resolved) =>
    variables.push({ start, end, resolved }),
  );
  const only = variables.length === 1 ? variables[0] : undefined;
  const whole = only?.resolved === true && only.start === 0 && only.end === text.length;
  return {
    value,
    whole,
    errors: expansion.errors,
    warnings: expansion.warnings,
    unset: expansion.unset,
    empty: expansion.empty,
  };
}

/** Expressions that name a known lookup (for the warnings of a disabled substitution). */
function variablesIn(text: string, syntaxes: readonly Syntax[]): string[] {
  const found: string[] = [];
  for (const syntax of syntaxes) {
    let from = 0;
    for (
      let start = text.indexOf(syntax.prefix, from);
      start >= 0;
      start = text.indexOf(syntax.prefix, from)
    ) {
      const end = closingSuffix(text, start, syntax);
      if (end < 0) break;
      if (looksLikeLookup(text.slice(start + syntax.prefix.length)))
        found.push(text.slice(start, end + syntax.suffix.length));
      from = end + syntax.suffix.length;
    }
  }
  return found;
}
