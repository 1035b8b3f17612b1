import { readdir, realpath, stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import type { Diagnostic } from './diagnostics.js';

const MANIFEST_FILE = /\.(ya?ml|json)$/i;

// ICU collation with numeric ordering: `9_x` < `10_x`, and `17_x` < `17.1_x` (punctuation sorts
// `_` before `.`), which is how numbered scenario files are meant to be read.
const collator = new Intl.Collator('en', { numeric: true });

function compareNames(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** Numeric-aware, segment by segment: `a/9_x.yaml` < `a/10_x.yaml`, and a folder's files stay together. */
export function compareManifestPaths(a: string, b: string): number {
  const x = a.split(/[\\/]/);
  const y = b.split(/[\\/]/);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const order = compareNames(x[i]!, y[i]!);
    if (order !== 0) return order;
  }
  return x.length - y.length;
}

async function walk(dir: string, out: string[], visited: Set<string>): Promise<void> {
  // Symlinked directories are followed once each, so a link cycle cannot loop.
  const real = await realpath(dir);
  if (visited.has(real)) return;
  visited.add(real);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    // Hidden entries (.git, editor backups, Kubernetes' `..data`) are never manifests themselves.
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    // Kubernetes mounts ConfigMap files as symlinks: follow them.
    const info = entry.isSymbolicLink() ? await stat(path).catch(() => undefined) : entry;
    if (info?.isDirectory()) await walk(path, out, visited);
    else if (info?.isFile() && MANIFEST_FILE.test(entry.name)) out.push(path);
  }
}

/**
 * Expands the paths given by the user into manifest files. A directory contributes its `*.yaml`,
 * `*.yml` and `*.json` files (recursively, numeric-aware order); a file named explicitly is read
 * whatever its extension. Files are returned once each, in order.
 */
export async function expandManifestPaths(
  paths: readonly string[],
  cwd: string,
  diagnostics: Diagnostic[],
): Promise<string[]> {
  const files: string[] = [];
  const seen = new Set<string>();
  const add = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    files.push(file);
  };
  for (const given of paths) {
    const absolute = resolve(cwd, given);
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(absolute);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
      diagnostics.push({ severity: 'error', summary: `cannot read manifest path (${code})`, file: given });
      continue;
    }
    if (info.isDirectory()) {
      const found: string[] = [];
      await walk(absolute, found, new Set());
      if (found.length === 0) {
        diagnostics.push({
          severity: 'error',
          summary: 'no *.yaml, *.yml or *.json files in this directory',
          file: given,
        });
      }
      found.sort((a, b) => compareManifestPaths(relative(absolute, a), relative(absolute, b)));
      for (const file of found) add(file);
    } else {
      add(absolute);
    }
  }
  return files;
}
