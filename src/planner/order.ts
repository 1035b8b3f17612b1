import type { KindDefinition } from '../kinds/kind.js';

/**
 * Kinds in dependency order (ties by name). A dependency on a kind that is not in the list is
 * ignored here (tests plan with a subset); the registry test checks that every dependency of
 * ALL_KINDS exists. A cycle is a programming error.
 */
export function orderKinds<K extends Pick<KindDefinition, 'kind' | 'dependsOn'>>(kinds: readonly K[]): K[] {
  const byName = new Map(kinds.map((kind) => [kind.kind, kind]));
  const ordered: K[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (kind: K, trail: string[]) => {
    const seen = state.get(kind.kind);
    if (seen === 'done') return;
    if (seen === 'visiting') throw new Error(`Kind dependency cycle: ${[...trail, kind.kind].join(' → ')}`);
    state.set(kind.kind, 'visiting');
    for (const name of [...kind.dependsOn].sort()) {
      const dependency = byName.get(name);
      if (dependency) visit(dependency, [...trail, kind.kind]);
    }
    state.set(kind.kind, 'done');
    ordered.push(kind);
  };
  for (const kind of [...kinds].sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0)))
    visit(kind, []);
  return ordered;
}
