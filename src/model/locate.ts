import { type Document, isAlias, isMap, isScalar, isSeq, type LineCounter, type Node, type Pair } from 'yaml';
import type { DocumentPath, SourceLocation } from './diagnostics.js';

/** One parsed YAML/JSON document, kept so that paths can be mapped back to lines. */
export interface SourceDocument {
  /** The file as shown to people (relative to cwd when inside it). */
  file: string;
  /** Position of the document in its file (multi-document YAML). */
  index: number;
  doc: Document.Parsed;
  lineCounter: LineCounter;
}

function position(source: SourceDocument, offset: number | undefined): SourceLocation {
  const { line, col } = source.lineCounter.linePos(offset ?? 0);
  return { file: source.file, line, column: col };
}

function keyMatches(pair: Pair, segment: string | number): boolean {
  const key = pair.key;
  const value = isScalar(key) ? key.value : key;
  return (
    value !== null && value !== undefined && typeof value !== 'symbol' && String(value) === String(segment)
  );
}

function findPair(
  source: SourceDocument,
  node: unknown,
  segment: string | number,
  depth = 0,
): Pair | undefined {
  if (!isMap(node) || depth > 10) return undefined;
  const direct = node.items.find((pair) => keyMatches(pair, segment));
  if (direct) return direct;
  // A key brought in by a YAML merge key (`<<: *anchor`) lives in the anchored map.
  for (const pair of node.items) {
    // With `merge: true` the key's value is a symbol; its source text is still `<<`.
    if (!isScalar(pair.key) || (pair.key.source !== '<<' && pair.key.value !== '<<')) continue;
    const targets = isSeq(pair.value) ? pair.value.items : [pair.value];
    for (const target of targets) {
      const resolved = isAlias(target) ? target.resolve(source.doc) : target;
      const found = findPair(source, resolved, segment, depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * Line and column of `path` inside one document. A path that does not exist in the document (a
 * missing required key, say) resolves to its nearest existing ancestor, which is where the fix goes.
 */
export function locateInDocument(source: SourceDocument, path: DocumentPath): SourceLocation {
  let node: unknown = source.doc.contents;
  let offset = (source.doc.contents as Node | null)?.range?.[0];
  for (const segment of path) {
    if (isAlias(node)) node = node.resolve(source.doc);
    if (isMap(node)) {
      const pair = findPair(source, node, segment);
      if (!pair) break;
      offset = (pair.key as Node | null)?.range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment] as Node | undefined;
      if (!item) break;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else {
      break;
    }
  }
  return position(source, offset);
}

/** Where a value of the merged representation was written: a document and a path inside it. */
export interface Origin {
  source: SourceDocument;
  path: DocumentPath;
}

/**
 * Remembers where every object of a merged representation came from. Validated documents register
 * their whole tree (containers keep their source path); merging records, for the containers it
 * builds, the origin of each of their entries.
 */
export class Provenance {
  private readonly containers = new WeakMap<object, Origin>();
  private readonly entries = new WeakMap<object, Map<string, Origin>>();

  registerTree(value: unknown, origin: Origin): void {
    if (typeof value !== 'object' || value === null) return;
    this.containers.set(value, origin);
    if (Array.isArray(value)) {
      value.forEach((item, index) => {
        this.registerTree(item, { source: origin.source, path: [...origin.path, index] });
      });
    } else {
      for (const [key, item] of Object.entries(value)) {
        this.registerTree(item, { source: origin.source, path: [...origin.path, key] });
      }
    }
  }

  /** Records where a container built by merging starts (its first declaration). */
  setContainerOrigin(container: object, origin: Origin): void {
    this.containers.set(container, origin);
  }

  setEntryOrigin(container: object, key: string | number, origin: Origin): void {
    let map = this.entries.get(container);
    if (!map) {
      map = new Map();
      this.entries.set(container, map);
    }
    map.set(String(key), origin);
  }

  originOf(container: object): Origin | undefined {
    return this.containers.get(container);
  }

  /** Origin of `path` in the tree rooted at `root`, as precise as what was recorded allows. */
  resolve(root: unknown, path: DocumentPath): Origin | undefined {
    let current: unknown = root;
    let best: Origin | undefined =
      typeof root === 'object' && root !== null ? this.containers.get(root) : undefined;
    let pending: (string | number)[] = [];
    for (const segment of path) {
      pending.push(segment);
      if (typeof current === 'object' && current !== null) {
        const entry = this.entries.get(current)?.get(String(segment));
        if (entry) {
          best = entry;
          pending = [];
        }
        current = (current as Record<string, unknown>)[String(segment)];
      } else {
        current = undefined;
      }
      const registered =
        typeof current === 'object' && current !== null ? this.containers.get(current) : undefined;
      if (registered) {
        best = registered;
        pending = [];
      }
    }
    return best && { source: best.source, path: [...best.path, ...pending] };
  }
}
