/**
 * The layering of docs/architecture.md, checked on the sources: each folder imports only from the
 * layers it may know. A new import across a forbidden edge fails here with the file and the import.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve('src');

/** Folder → folders under src/ it must not import from. */
const FORBIDDEN: Record<string, string[]> = {
  // The manifest format knows no server and no engine.
  model: ['client', 'kinds', 'planner', 'applier', 'engine', 'cli', 'local'],
  // Shared by client and model: Keycloak's representations only.
  representations: ['client', 'model', 'kinds', 'planner', 'applier', 'engine', 'cli', 'local'],
  core: ['client', 'model', 'kinds', 'planner', 'applier', 'engine', 'cli', 'local'],
  // The client knows HTTP and Keycloak, nothing about plans.
  client: ['model', 'kinds', 'planner', 'applier', 'engine', 'cli'],
  // Kinds and planner do not import each other's internals through the planner (core breaks the cycle).
  kinds: ['planner', 'applier', 'engine', 'cli'],
  planner: ['applier', 'engine', 'cli'],
  applier: ['engine', 'cli'],
};

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)[^'"]*?from\s+'(\.[^']+)'/gm)].map((match) =>
    relative(SRC, resolve(join(file, '..'), match[1] ?? '')),
  );
}

describe('layers', () => {
  for (const [layer, forbidden] of Object.entries(FORBIDDEN)) {
    it(`src/${layer} imports nothing from ${forbidden.join(', ')}`, () => {
      const crossings = sources(join(SRC, layer)).flatMap((file) =>
        importsOf(file)
          .filter((target) => forbidden.includes(target.split('/')[0] ?? ''))
          .map((target) => `${relative(SRC, file)} → ${target}`),
      );
      expect(crossings).toEqual([]);
    });
  }
});
