// node scripts/read-resolvers.ts [dir…]: the read resolvers (`resolve:` of a query or object field, `resolveReference`)
// in the *.schema.ts files under each dir (default: subgraphs) longer than 5 lines, longest first (issue 27: reads
// like writes, a read resolver only passes its arguments on). Mutation fields are left out: their work is a service's.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

const MAX_LINES = 5;
const MUTATION_CALLS = new Set(['mutationField', 'mutationFields']);

const schemaFiles = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.schema.ts'))
    .map((f) => join(dir, f));

const inMutation = (node: ts.Node): boolean => {
  for (let n = node.parent; n; n = n.parent) {
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression)) {
      if (MUTATION_CALLS.has(n.expression.name.text)) return true;
    }
  }
  return false;
};

/** Each read resolver of a file with the lines it spans. */
export function readResolvers(file: string): { at: string; lines: number }[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: { at: string; lines: number }[] = [];
  const line = (pos: number) => source.getLineAndCharacterOfPosition(pos).line + 1;
  const visit = (node: ts.Node) => {
    const named = (ts.isPropertyAssignment(node) || ts.isMethodDeclaration(node)) && ts.isIdentifier(node.name);
    if (named && ['resolve', 'resolveReference'].includes((node.name as ts.Identifier).text) && !inMutation(node)) {
      found.push({ at: `${file}:${line(node.getStart(source))}`, lines: line(node.end) - line(node.getStart(source)) + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const all = (process.argv.slice(2).length ? process.argv.slice(2) : ['subgraphs']).flatMap(schemaFiles).flatMap(readResolvers);
const long = all.filter((r) => r.lines > MAX_LINES).sort((a, b) => b.lines - a.lines);
for (const r of long) console.log(`${String(r.lines).padStart(3)} ${r.at}`);
console.log(`${long.length} of ${all.length} read resolvers over ${MAX_LINES} lines`);
process.exitCode = long.length ? 1 : 0;
