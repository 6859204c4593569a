/**
 * Lines of every read resolver (`resolve` of a query or object field, `resolveReference`) in the schema files
 * (`*.schema.ts`, `*-schema.ts`) of the subgraphs and lib/graphql, longest first; mutations (`mutationField(s)`, `payloadMutation`) are left out. Issue #27: a read resolver
 * passes its arguments on to its concept's queries module, in at most 5 lines.
 *   node scripts/read-resolvers.ts [subgraphs/personnel ...]   (exits 1 if one runs over 5 lines)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

export const MAX_READ_RESOLVER_LINES = 5;
const MUTATIONS = new Set(['mutationField', 'mutationFields', 'payloadMutation']);

export interface ReadResolver {
  where: string;
  lines: number;
}

/** A file of GraphQL types: `studio.schema.ts` beside its concept, `region-schema.ts` in lib/graphql. */
export const SCHEMA_FILE = /[.-]schema\.ts$/;

const schemaFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((f) => f.isFile() && SCHEMA_FILE.test(f.name))
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

/** The read resolvers of one file's text, each with the lines it spans. */
export function readResolversOf(file: string, text: string): ReadResolver[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const line = (pos: number) => source.getLineAndCharacterOfPosition(pos).line;
  const found: ReadResolver[] = [];
  const visit = (node: ts.Node): void => {
    if (
      (ts.isPropertyAssignment(node) || ts.isMethodDeclaration(node)) &&
      ts.isIdentifier(node.name) &&
      ['resolve', 'resolveReference'].includes(node.name.text) &&
      !inMutation(node)
    ) {
      const start = line(node.getStart(source));
      found.push({ where: `${file}:${start + 1} ${node.name.text}`, lines: line(node.getEnd()) - start + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The read resolvers of every schema file under `dirs`, longest first. */
export const readResolvers = (dirs: readonly string[]): ReadResolver[] =>
  dirs
    .flatMap(schemaFiles)
    .flatMap((file) => readResolversOf(file, readFileSync(file, 'utf8')))
    .sort((a, b) => b.lines - a.lines);

if (import.meta.main) {
  const found = readResolvers(process.argv.length > 2 ? process.argv.slice(2) : ['subgraphs', 'lib/graphql']);
  const over = found.filter((r) => r.lines > MAX_READ_RESOLVER_LINES);
  for (const r of over) console.log(`${String(r.lines).padStart(3)} ${r.where}`);
  console.log(
    `${found.length} read resolvers, ${over.length} over ${MAX_READ_RESOLVER_LINES} lines, the longest ${found[0]?.lines ?? 0}`,
  );
  process.exitCode = over.length ? 1 : 0;
}
