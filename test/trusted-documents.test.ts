import { test as base, describe, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { MANIFEST_PATH, manifestText } from '../scripts/persisted-documents.ts';
import { contractOperation } from './support/contract.ts';
import { startTestHub, type TestHub } from './support/hub.ts';

// A hub that runs only registered operations (TRUSTED_DOCUMENTS=enforce).
const test = base.extend('hub', { scope: 'file' }, async ({}, { onCleanup }): Promise<TestHub> => {
  const hub = await startTestHub({ TRUSTED_DOCUMENTS: 'enforce' });
  onCleanup(() => hub.dispose());
  return hub;
});

describe('trusted documents', () => {
  test('runs a registered operation, however it is laid out', async ({ hub }) => {
    const headline = contractOperation('pending-second-evaluations-by-county.graphql');
    const { data, errors } = await hub.query(headline, { within: '410400' });
    expect(errors).toBeUndefined();
    expect(data.region.descendants).toHaveLength(12);
    const squeezed = await hub.query(headline.replace(/#.*$/gm, '').replace(/\s+/g, ' '), { within: '410400' });
    expect(squeezed.errors).toBeUndefined();
  });

  test('refuses any other operation with OPERATION_NOT_REGISTERED', async ({ hub }) => {
    const { data, errors } = await hub.query('{ region(code: "410000") { name } }');
    expect(data).toBeUndefined();
    expect(errors![0]!.extensions!.code).toBe('OPERATION_NOT_REGISTERED');
    expect(errors![0]!.message).toContain('未登记');
    // issue 14: the message is all Chinese, the English for developers in detail
    expect(errors![0]!.message).not.toMatch(/[A-Za-z]+ [A-Za-z]+ [A-Za-z]+/);
    expect(errors![0]!.extensions!.detail).toMatch(/not a registered trusted document/);
  });

  test('still serves the exports, whose queries are built in', async ({ hub }) => {
    const auth = { authorization: `Bearer ${await hub.token({ level: 'CITY', region: '410400' })}` };
    expect((await fetch(`${hub.url}/export/studios.csv?within=410400&year=2025`, { headers: auth })).status).toBe(200);
    expect((await fetch(`${hub.url}/export/studio-rollup.csv?within=410400&groupBy=LEVEL`, { headers: auth })).status).toBe(200);
  });
});

describe("persisted documents in Apollo's manifest format (issue 14)", () => {
  const manifest = JSON.parse(readFileSync(MANIFEST_PATH, 'utf8')) as {
    format: string;
    operations: { id: string; name: string; type: string; body: string }[];
  };
  const headline = manifest.operations.find((o) => o.name === 'PendingSecondEvaluationsByCounty')!;
  const post = async (hub: TestHub, body: unknown) => {
    const res = await fetch(`${hub.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${await hub.token({ level: 'CITY', region: '410400' })}`,
      },
      body: JSON.stringify(body),
    });
    return {
      status: res.status,
      ...((await res.json()) as {
        data?: { region: { descendants: unknown[] } };
        errors?: { extensions: { code: string }; message: string }[];
      }),
    };
  };

  test('operations/persisted-query-manifest.json is what npm run persisted-documents writes now', () => {
    expect(readFileSync(MANIFEST_PATH, 'utf8')).toBe(manifestText());
    expect(manifest.format).toBe('apollo-persisted-query-manifest');
    expect(manifest.operations.map((o) => o.name)).toEqual(['PendingSecondEvaluationsByCounty', 'RegionOverview', 'StudioPage']);
    for (const o of manifest.operations) expect(o.id).toBe(createHash('sha256').update(o.body).digest('hex'));
  });

  test('runs a registered operation sent by documentId (sha256:<id> or the id) or by extensions.persistedQuery alone', async ({
    hub,
  }) => {
    for (const body of [
      { documentId: `sha256:${headline.id}`, variables: { within: '410400' } },
      { documentId: headline.id, variables: { within: '410400' } },
      { extensions: { persistedQuery: { version: 1, sha256Hash: headline.id } }, variables: { within: '410400' } },
    ]) {
      const answer = await post(hub, body);
      expect(answer.errors).toBeUndefined();
      expect(answer.data!.region.descendants).toHaveLength(12);
    }
  });

  test('an unknown documentId is refused with PERSISTED_QUERY_NOT_FOUND (400); an unknown hash too, so Apollo clients send the text', async ({
    hub,
  }) => {
    const unknown = await post(hub, { documentId: `sha256:${'0'.repeat(64)}` });
    expect(unknown.status).toBe(400);
    expect(unknown.errors![0]!.extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(unknown.errors![0]!.message).toContain('没有登记');
    const apq = await post(hub, { extensions: { persistedQuery: { version: 1, sha256Hash: '0'.repeat(64) } } });
    expect(apq.errors![0]!.extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });
});
