import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { MAX_READ_RESOLVER_LINES, readResolvers, readResolversOf, SCHEMA_FILE } from '../scripts/read-resolvers.ts';

/**
 * Issue #27, reads like writes: a read resolver passes its arguments on to its concept's queries module (at most
 * 5 lines), and the dependency points from schema files to queries, domain modules and services, never back.
 * The four subgraphs, and lib/graphql for the regions every subgraph answers (region-schema.ts).
 */
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SUBGRAPHS = ['personnel', 'studios', 'evaluations', 'funding'].map((name) => join(root, 'subgraphs', name));
const LIB_GRAPHQL = join(root, 'lib', 'graphql');

describe('read resolvers only pass their arguments on (issue #27)', () => {
  test(`issue #27: no read resolver of the four subgraphs or lib/graphql runs over ${MAX_READ_RESOLVER_LINES} lines`, () => {
    const found = readResolvers([...SUBGRAPHS, LIB_GRAPHQL]);
    expect(found.filter((r) => r.where.includes('lib/graphql/region-schema.ts:')).length).toBeGreaterThan(5);
    expect(found.length).toBeGreaterThan(100);
    expect(found.filter((r) => r.lines > MAX_READ_RESOLVER_LINES)).toEqual([]);
  });

  test(`issue #27: the count is ${MAX_READ_RESOLVER_LINES} lines within the limit and 6 over it; mutations are left out; schema files are *.schema.ts and *-schema.ts`, () => {
    const field = (args: string[]) =>
      `    resolve: (_root, args, ctx) =>\n      f(\n${args.map((a) => `        ${a},\n`).join('')}      ),\n`;
    const file = (resolver: string) => `builder.queryFields((t) => ({\n  a: t.field({\n${resolver}  }),\n}));\n`;
    const [five] = readResolversOf('five.schema.ts', file(field(['args', 'ctx'])));
    const [six] = readResolversOf('six.schema.ts', file(field(['args', 'ctx', 'info'])));
    expect(five!.lines).toBe(5);
    expect(six!.lines).toBe(6);
    // a schema file is named either way; a queries module is none
    expect(
      ['studio.schema.ts', 'region-schema.ts', 'region-queries.ts', 'schema.test.ts'].map((f) => SCHEMA_FILE.test(f)),
    ).toEqual([true, true, false, false]);
    const mutation = `builder.mutationFields((t) => ({\n  a: t.field({\n${field(['args', 'ctx', 'info'])}  }),\n}));\n`;
    expect(readResolversOf('m.schema.ts', mutation)).toEqual([]);
    expect(readResolversOf('r.schema.ts', 'builder.asEntity(R, { resolveReference: (ref, ctx) => find(ctx, ref.id) });')).toEqual(
      [{ where: 'r.schema.ts:1 resolveReference', lines: 1 }],
    );
  });

  test('issue #27: no service, queries or domain module of the four subgraphs imports a schema file (*.schema.ts, lib/graphql/region-schema.ts)', () => {
    // the subgraph's builder.ts (the regions), index.ts and node.ts assemble its schema from the schema files
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true, recursive: true })
        .filter((f) => f.isFile() && f.name.endsWith('.ts') && !SCHEMA_FILE.test(f.name))
        .map((f) => join(f.parentPath, f.name))
        .filter((file) => !['builder.ts', 'index.ts', 'node.ts'].map((name) => join(dir, name)).includes(file));
    const importing = SUBGRAPHS.flatMap(files).filter((file) => /from '[^']*[.-]schema\.ts'/.test(readFileSync(file, 'utf8')));
    expect(importing).toEqual([]);
  });
});
