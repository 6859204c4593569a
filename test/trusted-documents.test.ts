import { IMPORT_SCHOOLS } from '../gateway/tool-documents.ts';
import { test as base, describe, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, exportSPKI, generateKeyPair } from 'jose';
import { parseConfig } from '../lib/service/config.ts';
import { MANIFEST_PATH, manifestText } from '../scripts/persisted-documents.ts';
import { contractOperation } from './support/contract.ts';
import { startTestHub, type TestHub, expectRefusal } from './support/hub.ts';

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
    expectRefusal({ errors }, 'OPERATION_NOT_REGISTERED');
    expect(errors![0]!.message).toContain('未登记');
    // issue 14: the message is all Chinese, the English for developers in detail
    expect(errors![0]!.message).not.toMatch(/[A-Za-z]+ [A-Za-z]+ [A-Za-z]+/);
    expect(errors![0]!.extensions!.detail).toMatch(/not a registered trusted document/);
    // enforced, it holds for everyone: an analyst too
    const analyst = await hub.query(
      '{ region(code: "410400") { name } }',
      {},
      { level: 'CITY', region: '410400', roles: ['analyst'] },
    );
    expectRefusal(analyst, 'OPERATION_NOT_REGISTERED');
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
    expectRefusal(unknown, 'PERSISTED_QUERY_NOT_FOUND');
    expect(unknown.errors![0]!.message).toContain('没有登记');
    const apq = await post(hub, { extensions: { persistedQuery: { version: 1, sha256Hash: '0'.repeat(64) } } });
    expectRefusal(apq, 'PERSISTED_QUERY_NOT_FOUND');
  });
});

// A hub as production starts it: NODE_ENV=production, tokens verified against a configured public key (the tests sign
// with its private key through DEV_KEY_FILE), TRUSTED_DOCUMENTS unset.
const production = base.extend('hub', { scope: 'file' }, async ({}, { onCleanup }): Promise<TestHub> => {
  const keyDir = await mkdtemp(join(tmpdir(), 'studio-hub-key-'));
  const pair = await generateKeyPair('ES256', { extractable: true });
  const keyFile = join(keyDir, 'key.json');
  await writeFile(
    keyFile,
    JSON.stringify({ privateKey: await exportJWK(pair.privateKey), publicKey: await exportJWK(pair.publicKey) }),
  );
  const hub = await startTestHub({
    NODE_ENV: 'production',
    DEMO_DATA: 'auto',
    JWT_PUBLIC_KEY: await exportSPKI(pair.publicKey),
    DEV_KEY_FILE: keyFile,
  });
  onCleanup(async () => {
    await hub.dispose();
    await rm(keyDir, { recursive: true, force: true });
  });
  return hub;
});

describe('secure by default in production, with analysts in mind (issue 22): TRUSTED_DOCUMENTS=explorers', () => {
  const adHoc = '{ region(code: "410400") { name } }';
  const city = { level: 'CITY', region: '410400' } as const;

  test('unset, TRUSTED_DOCUMENTS is explorers in production and off elsewhere; set, it is kept', () => {
    expect(parseConfig({ NODE_ENV: 'production' }).TRUSTED_DOCUMENTS).toBe('explorers');
    expect(parseConfig({}).TRUSTED_DOCUMENTS).toBe('off');
    expect(parseConfig({ NODE_ENV: 'test' }).TRUSTED_DOCUMENTS).toBe('off');
    expect(parseConfig({ NODE_ENV: 'production', TRUSTED_DOCUMENTS: 'off' }).TRUSTED_DOCUMENTS).toBe('off');
    expect(parseConfig({ NODE_ENV: 'production', TRUSTED_DOCUMENTS: 'enforce' }).TRUSTED_DOCUMENTS).toBe('enforce');
    expect(() => parseConfig({ TRUSTED_DOCUMENTS: 'analysts' })).toThrow('TRUSTED_DOCUMENTS');
  });

  production('an analyst or an administrator runs an ad-hoc document, within the operation limits', async ({ hub }) => {
    for (const roles of [['analyst'], ['admin'], ['viewer', 'analyst']] as const) {
      const { data, errors } = await hub.query(adHoc, {}, { ...city, roles: [...roles] });
      expect(errors, roles.join()).toBeUndefined();
      expect(data.region.name).toBe('平顶山市');
    }
    const tooMany = `{ ${Array.from({ length: 16 }, (_, i) => `a${i}: region(code: "410400") { name }`).join(' ')} }`;
    const { errors } = await hub.query(tooMany, {}, { ...city, roles: ['analyst'] });
    expectRefusal({ errors }, 'OPERATION_LIMIT_EXCEEDED');
  });

  production(
    'everyone else gets OPERATION_NOT_REGISTERED for an unregistered document, and runs a registered one',
    async ({ hub }) => {
      for (const roles of [['viewer'], ['editor'], ['evaluator'], ['finance'], ['editor', 'evaluator', 'finance']] as const) {
        const { data, errors } = await hub.query(adHoc, {}, { ...city, roles: [...roles] });
        expect(data, roles.join()).toBeUndefined();
        expectRefusal({ errors }, 'OPERATION_NOT_REGISTERED');
        expect(errors![0]!.message).toContain('自由查询只对 analyst、admin 角色开放');
      }
      const headline = contractOperation('pending-second-evaluations-by-county.graphql');
      const { data, errors } = await hub.query(headline, { within: '410400' }, { ...city, roles: ['viewer'] });
      expect(errors).toBeUndefined();
      expect(data.region.descendants).toHaveLength(12);
      const auth = { authorization: `Bearer ${await hub.token({ ...city, roles: ['viewer'] })}` };
      expect((await fetch(`${hub.url}/export/studios.csv?within=410400&year=2025`, { headers: auth })).status).toBe(200);
      // the import tool's documents are built in: an editor's import runs (an empty list is judged as input, not
      // refused as unregistered), while the same mutation written by hand is not registered
      const imported = await hub.query(IMPORT_SCHOOLS, { rows: [] }, { ...city, roles: ['editor'] });
      expect(expectRefusal(imported, 'BAD_USER_INPUT').message).toBe('文件中没有数据行');
      const byHand = await hub.query(
        IMPORT_SCHOOLS.replace('ImportSchools', 'MySchools'),
        { rows: [] },
        { ...city, roles: ['editor'] },
      );
      expectRefusal(byHand, 'OPERATION_NOT_REGISTERED');
    },
  );
});
