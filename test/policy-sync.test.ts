import { SEEDED_POLICIES } from '../subgraphs/studios/policy/seeded-policies.ts';
import { describe, expect, test, type TestHub } from './support/hub.ts';

/**
 * Issue 12.2: migrations never change and load no policy data of their own; one idempotent step after them keeps
 * the database's seeded policies equal to subgraphs/studios/policy/seeded-policies.ts.
 */

const sql = (hub: TestHub, query: string, params: unknown[] = []) =>
  hub.subgraphs.studios!.orm.fork().getConnection().execute(query, params);

async function databaseRules(hub: TestHub) {
  const rows = await sql(
    hub,
    `select policy_id, code, value, seed, text from policy_rule where version = 1 order by policy_id, code`,
  );
  return rows.map((r) => ({ policy: r.policy_id, code: r.code, value: r.value, seed: r.seed, text: r.text }));
}
const fileRules = () =>
  SEEDED_POLICIES.flatMap((p) => p.rules.map(([code, value, seed, text]) => ({ policy: p.id, code, value, seed, text }))).sort(
    (a, b) => (a.policy + ' ' + a.code < b.policy + ' ' + b.code ? -1 : 1),
  );

describe('seeded policies: the database equals seeded-policies.ts (issue 12.2)', () => {
  test("every seeded policy's rules in the database are the file's, value, section and text", async ({ hub }) => {
    expect(await databaseRules(hub)).toEqual(fileRules());
    const policies = await sql(hub, 'select id, name, sources from policy order by id');
    expect(policies).toEqual(
      SEEDED_POLICIES.map((p) => ({ id: p.id, name: p.name, sources: p.sources })).sort((a, b) => (a.id < b.id ? -1 : 1)),
    );
  });

  test('a start after the database drifted (a value edited, a rule lost, a stray rule) puts it back; a second start changes nothing', async ({
    hub,
  }) => {
    await sql(hub, `update policy_rule set value = '9' where policy_id = '000-pingdingshan' and code = 'team.core'`);
    await sql(hub, `delete from policy_rule where policy_id = '003-shenzhen-2' and code = 'team.members'`);
    await sql(
      hub,
      `insert into policy_rule (policy_id, version, code, value, seed, text) values ('001-wujin', 1, 'schools.min', '3', '001 无', '不在文件中')`,
    );
    await hub.subgraphs.studios!.close();
    await hub.restartSubgraph('studios');
    expect(await databaseRules(hub)).toEqual(fileRules());
    await hub.subgraphs.studios!.close();
    await hub.restartSubgraph('studios');
    expect(await databaseRules(hub)).toEqual(fileRules());
  });
});
