/**
 * Lines of every read resolver (`resolve` of a query or object field, `resolveReference`) in the subgraphs' schema
 * files, longest first; mutations (`mutationField(s)`, `payloadMutation`) are left out. Issue #27: none over 5 lines.
 *   node scripts/read-resolvers.ts [subgraphs/personnel ...]   (exits 1 if one runs over 5 lines)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

const MAX_LINES = 5;
const MUTATIONS = new Set(['mutationField', 'mutationFields', 'payloadMutation']);

const schemaFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((f) => f.isFile() && f.name.endsWith('.schema.ts'))
    .map((f) => join(f.parentPath, f.name));

const inMutation = (node: ts.Node): boolean => {
  for (let n: ts.Node | undefined = node; n; n = n.parent) {
    if (!ts.isCallExpression(n)) continue;
    const callee = n.expression;
    const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : '';
    if (MUTATIONS.has(name)) return true;
  }
  return false;
};

const found: { where: string; lines: number }[] = [];
for (const file of (process.argv.length > 2 ? process.argv.slice(2) : ['subgraphs']).flatMap(schemaFiles)) {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const line = (pos: number) => source.getLineAndCharacterOfPosition(pos).line;
  const visit = (node: ts.Node): void => {
    if (
      (ts.isPropertyAssignment(node) || ts.isMethodDeclaration(node)) &&
      ts.isIdentifier(node.name) &&
      ['resolve', 'resolveReference'].includes(node.name.text) &&
      !inMutation(node)
    ) {
      const lines = line(node.getEnd()) - line(node.getStart(source)) + 1;
      found.push({ where: `${file}:${line(node.getStart(source)) + 1} ${node.name.text}`, lines });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
}

found.sort((a, b) => b.lines - a.lines);
const over = found.filter((r) => r.lines > MAX_LINES);
for (const r of over) console.log(`${String(r.lines).padStart(3)} ${r.where}`);
console.log(`${found.length} read resolvers, ${over.length} over ${MAX_LINES} lines, the longest ${found[0]?.lines ?? 0}`);
process.exitCode = over.length ? 1 : 0;
