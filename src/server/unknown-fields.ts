/**
 * Declared fields the server's release does not know. Keycloak refuses a representation with a
 * field its classes lack (400 "Unrecognized field"), so an export of a newer Keycloak, or a
 * manifest written for one, would fail halfway through an apply on an older server. The first
 * release line of every field comes from Keycloak's own classes
 * (src/representations/field-versions.ts, generated per supported release), so the plan names
 * the field, the server's version and the line that has it, before anything is written.
 */
import type { PlanDiagnostic } from '../core/diagnostics.js';
import { FIELD_SINCE, NESTED_REPRESENTATIONS } from '../representations/field-versions.js';
import { compareLine, type Feature, hasFeature, type KeycloakVersion } from './versions.js';

/** Fields realmform writes another way where the server lacks them (the feature says from when). */
const ADAPTED: Readonly<Record<string, Feature>> = {
  // 24 and 25 keep it as `config.hideOnLoginPage`: the identity-provider kind writes it there.
  'IdentityProviderRepresentation.hideOnLogin': 'identityProviderHideOnLogin',
};

export interface UnknownFieldsInput {
  /** The manifest's realm document. */
  representation: object;
  version: KeycloakVersion;
  /**
   * Top-level fields to look at, each with the paths under one of its entries that are never sent
   * (what Keycloak computes or ignores); a realm setting has no entries.
   */
  fields: ReadonlyMap<string, readonly string[]>;
  locate(path: readonly (string | number)[]): { file?: string; line?: number } | undefined;
}

export function unknownFieldDiagnostics(input: UnknownFieldsInput): PlanDiagnostic[] {
  const diagnostics: PlanDiagnostic[] = [];
  const visit = (
    representation: string,
    value: unknown,
    path: (string | number)[],
    skip: readonly string[],
  ) => {
    if (value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      for (const [index, item] of value.entries()) visit(representation, item, [...path, index], skip);
      return;
    }
    for (const [key, child] of Object.entries(value)) {
      if (child === undefined || child === null) continue;
      if (skip.includes(key)) continue;
      const since = FIELD_SINCE[representation]?.[key];
      const adapted = ADAPTED[`${representation}.${key}`];
      if (
        since &&
        compareLine(input.version, since) < 0 &&
        !(adapted && !hasFeature(input.version, adapted))
      ) {
        const at = [...path, key];
        diagnostics.push({
          severity: 'error',
          summary: `${render(at)}: Keycloak ${input.version.text} does not know this field (Keycloak ${since} and later have it); remove it, or apply to a newer Keycloak`,
          ...input.locate(at),
          path: render(at),
        });
        continue;
      }
      const nested = nestedOf(representation, key);
      if (!nested) continue;
      const deeper = skip.filter((p) => p.startsWith(`${key}.`)).map((p) => p.slice(key.length + 1));
      if (nested.map && typeof child === 'object') {
        for (const [entry, item] of Object.entries(child))
          visit(nested.name, item, [...path, key, entry], deeper);
      } else visit(nested.name, child, [...path, key], deeper);
    }
  };
  const declared = new Map(Object.entries(input.representation));
  for (const [field, skip] of input.fields) {
    const value = declared.get(field);
    if (value === undefined || value === null) continue;
    const since = FIELD_SINCE.RealmRepresentation?.[field];
    if (since && compareLine(input.version, since) < 0) {
      diagnostics.push({
        severity: 'error',
        summary: `${field}: Keycloak ${input.version.text} does not know this field (Keycloak ${since} and later have it); remove it, or apply to a newer Keycloak`,
        ...input.locate([field]),
        path: field,
      });
      continue;
    }
    const nested = nestedOf('RealmRepresentation', field);
    if (!nested) continue;
    if (nested.map && typeof value === 'object') {
      for (const [entry, item] of Object.entries(value)) visit(nested.name, item, [field, entry], skip);
    } else visit(nested.name, value, [field], skip);
  }
  return diagnostics;
}

function nestedOf(representation: string, key: string): { name: string; map: boolean } | undefined {
  const nested = NESTED_REPRESENTATIONS[representation]?.[key];
  if (!nested) return undefined;
  return nested.endsWith('{}') ? { name: nested.slice(0, -2), map: true } : { name: nested, map: false };
}

function render(path: readonly (string | number)[]): string {
  return path.reduce<string>(
    (text, part) => (typeof part === 'number' ? `${text}[${part}]` : text ? `${text}.${part}` : part),
    '',
  );
}
