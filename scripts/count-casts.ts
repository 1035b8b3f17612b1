/**
 * Counts type assertions (`x as T`, `<T>x`; `as const` excluded) and lines under a folder, the
 * figure issue "One source per fact" tracks. Usage: node --import tsx scripts/count-casts.ts [src] [--top]
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

function isConstAssertion(node: ts.AsExpression | ts.TypeAssertion): boolean {
  return ts.isTypeReferenceNode(node.type) && node.type.typeName.getText() === 'const';
}

const root = process.argv.slice(2).find((arg) => !arg.startsWith('--')) ?? 'src';
const perFile = new Map<string, number>();
let lines = 0;
for (const file of sourceFiles(root)) {
  const text = readFileSync(file, 'utf8');
  lines += text.split('\n').length;
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const visit = (node: ts.Node): void => {
    if ((ts.isAsExpression(node) || ts.isTypeAssertionExpression(node)) && !isConstAssertion(node))
      perFile.set(file, (perFile.get(file) ?? 0) + 1);
    ts.forEachChild(node, visit);
  };
  visit(source);
}
const casts = [...perFile.values()].reduce((sum, count) => sum + count, 0);
console.log(JSON.stringify({ root, casts, lines }));
if (process.argv.includes('--top'))
  for (const [file, count] of [...perFile].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(count, file);
