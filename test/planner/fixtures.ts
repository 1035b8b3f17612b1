import type { DesiredObject, KindDefinition, LiveObject, ValueObject } from '../../src/kinds/kind.js';
import type { KindState } from '../../src/planner/planner.js';

/** A kind with no I/O: planner tests feed desired and live objects directly. */
export function testKind(kind: string, rules: Partial<KindDefinition> = {}): KindDefinition {
  return {
    kind,
    dependsOn: [],
    desired: () => undefined,
    read: async () => [],
    create: async () => {},
    update: async () => {},
    delete: async () => {},
    ...rules,
  };
}

export function want(key: string | string[], value: ValueObject, path = 'x'): DesiredObject {
  return { key: Array.isArray(key) ? key : [key], value, origin: { path, file: 'realm.yaml', line: 3 } };
}

export function have(
  key: string | string[],
  value: ValueObject,
  extra: Partial<LiveObject> = {},
): LiveObject {
  return { key: Array.isArray(key) ? key : [key], value, id: `id-${String(key)}`, ...extra };
}

export function state(
  definition: KindDefinition,
  desired: DesiredObject[] | undefined,
  live: LiveObject[] | undefined,
  authoritative = true,
): KindState {
  return { definition, desired, live, authoritative };
}
