import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { documentStore } from '../lib/http/server.ts';

// issue 22 item 9: caches are bounded in bytes. The parsed documents each server keeps (gateway and subgraphs):
// one document of 3,000 tokens takes about 1 MB of heap, so a count of documents alone does not bound them.

/** A document of `fields` aliased fields: about 40 characters each. */
const documentOf = (fields: number, tag: string) =>
  parse(`query Q${tag} { ${Array.from({ length: fields }, (_, i) => `a${i}: region(code: "410000") { name }`).join(' ')} }`);

describe('the parsed-document store is bounded in bytes (issue 22 item 9)', () => {
  it('keeps documents up to its bytes (80 per character), dropping the least recently used first', async () => {
    const big = documentOf(600, 'x'); // about 24,000 characters: about 1.9 MB by estimate
    const bytes = big.loc!.end * 80;
    const store = documentStore(bytes * 3);
    for (let i = 0; i < 10; i++) await store.set(`d${i}`, documentOf(600, String(i)));
    const kept = [];
    for (let i = 0; i < 10; i++) if (await store.get(`d${i}`)) kept.push(i);
    expect(kept).toEqual([7, 8, 9]); // three fit, the newest
    // one used again is kept over older ones
    await store.get('d7');
    await store.set('d10', documentOf(600, 'y'));
    expect(Boolean(await store.get('d7'))).toBe(true);
    expect(Boolean(await store.get('d8'))).toBe(false);
  });

  it('keeps a document of exactly its bytes, and not one a character larger', async () => {
    const document = documentOf(10, 'z');
    const exactly = documentStore(document.loc!.end * 80);
    await exactly.set('k', document);
    expect(await exactly.get('k')).toBe(document);
    const smaller = documentStore(document.loc!.end * 80 - 1);
    await smaller.set('k', document);
    expect(await smaller.get('k')).toBeUndefined();
  });

  it('keeps the contract-sized documents a hub serves by the hundred in its default 16 MB', async () => {
    const store = documentStore();
    for (let i = 0; i < 100; i++) await store.set(`c${i}`, documentOf(25, `c${i}`)); // about 1,000 characters each
    for (let i = 0; i < 100; i++) expect(await store.get(`c${i}`), `c${i}`).toBeDefined();
  });
});
