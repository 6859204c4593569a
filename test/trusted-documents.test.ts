import { test as base, describe, expect } from 'vitest';
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
