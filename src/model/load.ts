import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, relative } from 'node:path';
import { LineCounter, parseAllDocuments } from 'yaml';
import { unsetSecretPlaceholder } from '../core/unset-secret.js';
import type { OwnershipSettings } from '../ownership/modes.js';
import { checkRealm } from './checks.js';
import {
  type Diagnostic,
  type DocumentPath,
  diagnosticAt,
  formatPath,
  type SourceLocation,
} from './diagnostics.js';
import { expandManifestPaths } from './files.js';
import { locateInDocument, Provenance, type SourceDocument } from './locate.js';
import { type MergeInput, mergeRealmDocuments } from './merge.js';
import type { RealmManifestDocument } from './schema/realm.js';
import { isSensitivePath } from './sensitive.js';
import { validateDocument } from './validate.js';
import { quoteBareVariables, type SubstitutionSettings, substituteVariables } from './variables.js';

export interface LoadOptions {
  /** Variables for `${env:…}` (default: process.env). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Base for relative paths given to the loader and for file names in diagnostics (default: process.cwd()). */
  cwd?: string;
  /** keycloak-config-cli's substitution settings (default: on, `$(`…`)`, nested, unset is an error). */
  substitution?: SubstitutionSettings;
  /** Spring properties for `$(name)` besides the environment (`--name=value` arguments, config trees). */
  property?: (name: string) => string | undefined;
}

/** All documents of one realm, validated and merged. */
export interface RealmManifest {
  realm: string;
  representation: RealmManifestDocument;
  /** Files that contributed, in load order. */
  sources: string[];
  /** Where a path of the merged representation was written, e.g. `['clients', 3, 'defaultRoles', 0]`. */
  locate(path: DocumentPath): SourceLocation | undefined;
  /** The manifest's ownership modes (`realmform.ownership`). */
  ownership?: OwnershipSettings;
}

export interface LoadResult {
  realms: RealmManifest[];
  diagnostics: Diagnostic[];
}

function displayPath(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? file : rel;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

interface LoadContext {
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  substitution?: SubstitutionSettings;
  property?: (name: string) => string | undefined;
  diagnostics: Diagnostic[];
  provenance: Provenance;
  realms: Map<string, MergeInput[]>;
}

/**
 * YAML's account of broken JSON can start far from the fault ("implicit keys need to be on a single
 * line" at line 1); for a JSON-looking file, JSON.parse names the real place. Returns true if it did.
 */
function jsonSyntaxError(text: string, file: string, lineCounter: LineCounter, ctx: LoadContext): boolean {
  if (!/^\s*[{[]/.test(text)) return false;
  try {
    JSON.parse(text);
    return false;
  } catch (error) {
    const message = (error as Error).message;
    const position = /at position (\d+)/.exec(message);
    if (!position) return false;
    const { line, col } = lineCounter.linePos(Number(position[1]));
    const summary = `syntax error: ${message.replace(/ in JSON at position.*$/s, '')}`;
    ctx.diagnostics.push({ severity: 'error', summary, file, line, column: col });
    return true;
  }
}

/** Parses, substitutes and validates each document of one file; valid ones join their realm. */
function loadFile(text: string, absolute: string, file: string, ctx: LoadContext): void {
  const lineCounter = new LineCounter();
  const prepared = quoteBareVariables(text.replace(/^\uFEFF/, ''), ctx.substitution);
  const documents = parseAllDocuments(prepared, {
    lineCounter,
    // YAML `<<` merge keys, which hand-written realm files use with anchors.
    merge: true,
    prettyErrors: false,
    uniqueKeys: true,
  });
  const list = Array.isArray(documents) ? documents : [];
  if (list.some((doc) => doc.errors.length > 0) && jsonSyntaxError(prepared, file, lineCounter, ctx)) return;
  let nonEmpty = 0;
  list.forEach((doc, index) => {
    const source: SourceDocument = { file, index, doc, lineCounter };
    const at = (offset: number) => {
      const { line, col } = lineCounter.linePos(offset);
      return { file, line, column: col };
    };
    for (const warning of doc.warnings) {
      // An unknown tag (`!!js/function`, `!include`) would otherwise be applied as plain text.
      const unknownTag = warning.code === 'TAG_RESOLVE_FAILED';
      ctx.diagnostics.push(
        diagnosticAt(
          unknownTag ? 'error' : 'warning',
          unknownTag
            ? `${warning.message}: realm files hold plain YAML data, no custom tags`
            : warning.message,
          at(warning.pos[0]),
        ),
      );
    }
    if (doc.errors.length > 0) {
      // One syntax error tends to cause more on the same line; the first one there says it best.
      const lines = new Set<number>();
      for (const error of doc.errors) {
        const location = at(error.pos[0]);
        if (lines.has(location.line)) continue;
        lines.add(location.line);
        ctx.diagnostics.push(diagnosticAt('error', `syntax error: ${error.message}`, location));
      }
      nonEmpty++;
      return;
    }
    let raw: unknown;
    try {
      raw = doc.toJS({ maxAliasCount: 10_000 });
    } catch (error) {
      nonEmpty++;
      ctx.diagnostics.push(diagnosticAt('error', (error as Error).message, locateInDocument(source, [])));
      return;
    }
    // An empty document (a trailing `---`, only comments) declares nothing.
    if (raw === null || raw === undefined) return;
    // Every later step walks the value recursively: a runaway nesting is refused here, in one line.
    const deep = pathDeeperThan(raw, MAX_DEPTH);
    if (deep) {
      nonEmpty++;
      const shownPath = deep.slice(0, 6);
      ctx.diagnostics.push(
        diagnosticAt(
          'error',
          `values nested more than ${MAX_DEPTH} levels deep: no realm setting is`,
          locateInDocument(source, shownPath),
          shownPath,
        ),
      );
      return;
    }
    nonEmpty++;
    if (!isPlainObject(raw)) {
      const got = Array.isArray(raw) ? 'a list' : `a ${typeof raw}`;
      const summary = `a manifest document must be an object (a realm representation), got ${got}`;
      ctx.diagnostics.push(diagnosticAt('error', summary, locateInDocument(source, [])));
      return;
    }

    const substituted = substituteVariables(raw, {
      env: ctx.env,
      baseDir: dirname(absolute),
      cwd: ctx.cwd,
      ...(ctx.substitution ? { settings: ctx.substitution } : {}),
      ...(ctx.property ? { property: ctx.property } : {}),
      // A secret is needed only when it is written: an unset one waits for the planner.
      unsetStandIn: (path, variables, empty) => {
        if (!isSensitivePath(path)) return undefined;
        const { line } = locateInDocument(source, path);
        return unsetSecretPlaceholder({
          variables,
          ...(empty ? { empty } : {}),
          file,
          ...(line ? { line } : {}),
          path: formatPath(path),
        });
      },
    });
    const unresolved = new Set<string>();
    for (const problem of substituted.problems) {
      if (problem.severity === 'error') unresolved.add(JSON.stringify(problem.path));
      const location = locateInDocument(source, problem.path);
      ctx.diagnostics.push(diagnosticAt(problem.severity, problem.summary, location, problem.path));
    }

    const result = validateDocument(substituted.value, substituted.wholeVariablePaths);
    const found: Diagnostic[] = [];
    // Locating a problem walks the document: tens of thousands of them (a generated file gone
    // wrong) would take minutes, and nobody reads past the first screenful.
    const shown = result.problems.slice(0, MAX_PROBLEMS_PER_DOCUMENT);
    if (result.problems.length > shown.length)
      ctx.diagnostics.push(
        diagnosticAt(
          'error',
          `${result.problems.length} problems in this document; the first ${shown.length} are listed`,
          locateInDocument(source, []),
        ),
      );
    for (const problem of shown) {
      // A value whose variable is missing was already reported; its type error would only repeat it.
      if (unresolved.has(JSON.stringify(problem.path))) continue;
      found.push(
        diagnosticAt('error', problem.summary, locateInDocument(source, problem.path), problem.path),
      );
    }
    // In file order, as people read them (zod reports in schema order).
    found.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
    ctx.diagnostics.push(...found);
    if (!result.data || unresolved.size > 0) return;

    const origin = { source, path: [] };
    ctx.provenance.registerTree(result.data, origin);
    const realm = result.data.realm;
    const group = ctx.realms.get(realm);
    if (group) group.push({ data: result.data, origin });
    else ctx.realms.set(realm, [{ data: result.data, origin }]);
  });
  if (nonEmpty === 0)
    ctx.diagnostics.push({ severity: 'warning', summary: 'file contains no documents', file });
}

/**
 * Loads manifests: files and directories (see `expandManifestPaths`), YAML (several documents per
 * file allowed) or JSON, each document one realm representation. Documents of the same realm are
 * merged (see merge.ts). Bad input never throws: every problem is returned as a diagnostic.
 */
export async function loadManifests(
  paths: readonly string[],
  options: LoadOptions = {},
): Promise<LoadResult> {
  const cwd = options.cwd ?? process.cwd();
  const ctx: LoadContext = {
    env: options.env ?? process.env,
    cwd,
    ...(options.substitution ? { substitution: options.substitution } : {}),
    ...(options.property ? { property: options.property } : {}),
    diagnostics: [],
    provenance: new Provenance(),
    realms: new Map(),
  };
  const files = await expandManifestPaths(paths, cwd, ctx.diagnostics);
  for (const absolute of files) {
    const file = displayPath(absolute, cwd);
    let bytes: Buffer;
    try {
      bytes = await readFile(absolute);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
      ctx.diagnostics.push({ severity: 'error', summary: `cannot read file (${code})`, file });
      continue;
    }
    const decoded = decodeUtf8(bytes);
    if ('problem' in decoded) {
      ctx.diagnostics.push({ severity: 'error', summary: decoded.problem, file, line: decoded.line });
      continue;
    }
    loadFile(decoded.text, absolute, file, ctx);
  }

  const realms: RealmManifest[] = [];
  for (const [realm, documents] of ctx.realms) {
    const merged = mergeRealmDocuments(documents, ctx.provenance);
    ctx.diagnostics.push(...merged.diagnostics);
    const representation = merged.representation;
    const provenance = ctx.provenance;
    const manifest: RealmManifest = {
      realm,
      representation,
      sources: [...new Set(documents.map((d) => d.origin.source.file))],
      ...(representation.realmform?.ownership ? { ownership: representation.realmform.ownership } : {}),
      locate(path) {
        const origin = provenance.resolve(representation, path);
        return origin && locateInDocument(origin.source, origin.path);
      },
    };
    for (const problem of checkRealm(representation)) {
      ctx.diagnostics.push(
        diagnosticAt('error', problem.summary, manifest.locate(problem.path), problem.path),
      );
    }
    realms.push(manifest);
  }
  return { realms, diagnostics: ctx.diagnostics };
}

/** Far deeper than any realm (group trees included), far below what recursion can take. */
const MAX_DEPTH = 200;

/** The path to the first value nested deeper than `limit`, if any (iterative: no recursion). */
function pathDeeperThan(root: unknown, limit: number): DocumentPath | undefined {
  const stack: { value: unknown; path: DocumentPath }[] = [{ value: root, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop() as { value: unknown; path: DocumentPath };
    if (path.length > limit) return path;
    if (Array.isArray(value))
      for (const [index, item] of value.entries()) stack.push({ value: item, path: [...path, index] });
    else if (value && typeof value === 'object')
      for (const [key, inner] of Object.entries(value)) stack.push({ value: inner, path: [...path, key] });
  }
  return undefined;
}

/** Problems of one document that are located and listed (the rest are counted). */
const MAX_PROBLEMS_PER_DOCUMENT = 100;

const BOMS: readonly [readonly number[], string][] = [
  [[0xff, 0xfe, 0, 0], 'UTF-32'],
  [[0, 0, 0xfe, 0xff], 'UTF-32'],
  [[0xff, 0xfe], 'UTF-16'],
  [[0xfe, 0xff], 'UTF-16'],
];

/**
 * The file's text, if it is UTF-8 (YAML and JSON files are; a UTF-8 BOM is dropped). Anything
 * else is refused with where it goes wrong: decoding it anyway would turn bytes into U+FFFD,
 * which would then be written to Keycloak as if the user had meant it.
 */
function decodeUtf8(bytes: Buffer): { text: string } | { problem: string; line: number } {
  for (const [bom, encoding] of BOMS) {
    if (bom.every((byte, index) => bytes[index] === byte))
      return { problem: `the file is ${encoding}, not UTF-8: save it as UTF-8`, line: 1 };
  }
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    const nul = text.indexOf('\u0000');
    if (nul >= 0)
      return {
        problem:
          'the file holds a NUL byte: it is binary, or not UTF-8 (UTF-16?); realm files are UTF-8 text',
        line: lineAt(text, nul),
      };
    return { text };
  } catch {
    const offset = firstInvalidUtf8(bytes);
    return {
      problem: `the file is not valid UTF-8 (byte 0x${(bytes[offset] ?? 0).toString(16).padStart(2, '0')} at offset ${offset}): save it as UTF-8`,
      line: bytes.subarray(0, offset).filter((byte) => byte === 0x0a).length + 1,
    };
  }
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 0x0a) line++;
  return line;
}

/** The offset of the first byte that does not start or continue a valid UTF-8 sequence. */
function firstInvalidUtf8(bytes: Buffer): number {
  // The longest prefix that decodes (a prefix may end inside a sequence: streaming allows that).
  let low = 0;
  let high = bytes.length;
  while (high - low > 1) {
    const middle = (low + high) >> 1;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, middle), { stream: true });
      low = middle;
    } catch {
      high = middle;
    }
  }
  return low;
}
