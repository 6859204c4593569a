import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

/**
 * Docs that agree with the code (issue 27, item 8): every file or folder README.md and ARCHITECTURE.md name exists.
 * A path is written from the checkout's root (`lib/graphql/errors.ts`) or, where the text already says which
 * subgraph or room, shortened from its start (`studios/studio/change.ts`); `{a,b}` names several folders.
 * Addresses (`/graphql`, `/var/lib/…`) and placeholders (`<name>`, `*`) are not files of the checkout.
 */
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SKIPPED = new Set(['node_modules', '.git']);

const entries = (dir: string): string[] =>
  readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) =>
    SKIPPED.has(entry.name)
      ? []
      : entry.isDirectory()
        ? [join(dir, entry.name), ...entries(join(dir, entry.name))]
        : [join(dir, entry.name)],
  );

// a file by its extension, anywhere; a folder as a whole code span ending in a slash or naming several
// (`test/support/`, `subgraphs/{a,b}`), not a media type (`application/json`)
const FILE = /(?<![\w./@<>-])((?:[\w.{},-]+\/)+[\w.-]+\.(?:ts|js|json|md|graphql|css|ya?ml|sql|html))\b/g;
const FOLDER = /`((?:[\w.{},-]+\/)+|[\w./-]*\{[\w,]+\}[\w./-]*)`/g;
/** What `npm ci`, the hub and its tests make (.gitignore), never in a checkout. */
const MADE = /^(?:node_modules|\.data|test\/output)\//;

/** The paths a text names that are not in the checkout (given as its files and folders, root-relative). */
function missingPaths(text: string, present: readonly string[]): string[] {
  const missing = new Set<string>();
  for (const [, written] of [...text.matchAll(FILE), ...text.matchAll(FOLDER)]) {
    if (MADE.test(written!) || /^[\w-]+\.[a-z]+\//.test(written!)) continue;
    const path = written!.replace(/\/$/, '');
    const braces = /\{([^}]+)\}/.exec(path);
    const each = braces ? braces[1]!.split(',').map((one) => path.replace(braces[0], one)) : [path];
    for (const one of each) if (!present.some((found) => found === one || found.endsWith(`/${one}`))) missing.add(one);
  }
  return [...missing];
}

describe('docs name what exists (issue 27: docs that agree)', () => {
  const present = entries('.');

  test.each(['README.md', 'ARCHITECTURE.md'])('every file and folder %s names exists in the checkout', (doc) => {
    expect(missingPaths(readFileSync(join(root, doc), 'utf8'), present)).toEqual([]);
  });

  test('a path the checkout lacks is reported, shortened or whole; one it holds is not', () => {
    const text = 'see `lib/graphql/errors.ts`, `studio/change.ts`, lib/graphql/gone.ts, `subgraphs/{personnel,nowhere}`';
    expect(missingPaths(text, present)).toEqual(['lib/graphql/gone.ts', 'subgraphs/nowhere']);
  });
});
