/**
 * Issue 26.3: an audit entry's `action` is a stable code of one vocabulary (lib/data/audit.ts AUDIT_ACTIONS, README:
 * Audit actions), the Chinese label beside it as `actionLabel`; entries written before with a Chinese label or an
 * old code as their action get the code from a migration (20261207180000).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { AUDIT_ACTIONS } from '../lib/data/audit.ts';
import { SUBGRAPHS } from '../subgraphs/index.ts';
import { schools, teachers } from './support/demo.ts';
import { describe, expect, test, type Office, type TestHub } from './support/hub.ts';
import { scratchDatabase } from './support/scratch-database.ts';

const teacher = teachers.find((t) => schools.find((s) => s.id === t.schoolId)!.regionCode === '410422')!;
const COUNTY: Office = { level: 'COUNTY', region: '410422', roles: ['editor'] };
const FEEDS = ['personnelChanges', 'studioChanges', 'evaluationChanges'];

/** A change to the teacher's record through the gateway (updateTeacher). */
async function updateTitle(hub: TestHub) {
  const { version } = (await hub.query('query ($id: ID!) { teacher(id: $id) { version } }', { id: teacher.id }, COUNTY)).data
    .teacher;
  const update = await hub.query(
    'mutation ($input: UpdateTeacherInput!) { updateTeacher(input: $input) { id } }',
    { input: { id: teacher.id, version, title: '高级教师' } },
    COUNTY,
  );
  expect(update.errors).toBeUndefined();
}

describe('audit actions: one vocabulary of codes, the Chinese label beside each (issue 26.3)', () => {
  test('changes to a teacher record their code (not a Chinese label) and the label beside it', async ({ hub }) => {
    await updateTitle(hub);
    const honor = await hub.query(
      'mutation ($id: ID!) { addHonor(teacherId: $id, title: "市级优秀班主任", level: MUNICIPAL) { id } }',
      { id: teacher.id },
      COUNTY,
    );
    expect(honor.errors).toBeUndefined();
    const { data, errors } = await hub.query(
      '{ region(code: "410422") { personnelChanges(first: 10) { action actionLabel entityId summary } } }',
      {},
      COUNTY,
    );
    expect(errors).toBeUndefined();
    const mine = data.region.personnelChanges.filter((e: { entityId: string }) => e.entityId === teacher.id);
    expect(mine.map((e: { action: string; actionLabel: string }) => [e.action, e.actionLabel])).toEqual([
      ['addHonor', '记录荣誉'],
      ['updateTeacher', '修改教师信息'],
    ]);
  });

  test('every entry of every feed carries a code of the vocabulary and its label', async ({ hub }) => {
    await updateTitle(hub);
    const office: Office = { level: 'NATION', region: '100000', roles: ['viewer'] };
    const { data, errors } = await hub.query(
      `{ region(code: "100000") { ${FEEDS.map((f) => `${f}: ${f}Connection(first: 500) { edges { node { action actionLabel } } }`).join(' ')} } }`,
      {},
      office,
    );
    expect(errors).toBeUndefined();
    const entries = FEEDS.flatMap((f) => data.region[f].edges.map((e: { node: unknown }) => e.node)) as {
      action: keyof typeof AUDIT_ACTIONS;
      actionLabel: string;
    }[];
    expect(entries.length).toBeGreaterThan(0);
    for (const entry of entries) expect(entry.actionLabel, entry.action).toBe(AUDIT_ACTIONS[entry.action]);
    // one vocabulary: no code twice, no label twice, every code a name, every label Chinese
    expect(new Set(Object.values(AUDIT_ACTIONS)).size).toBe(Object.keys(AUDIT_ACTIONS).length);
    // documented: README's Audit actions lists each code with its label
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    for (const [code, label] of Object.entries(AUDIT_ACTIONS)) {
      expect(code).toMatch(/^[a-z][A-Za-z]+$/);
      expect(label).toMatch(/^[\u4e00-\u9fff]+$/);
      expect(readme).toContain(`\`${code}\` ${label}`);
    }
  });
});

describe('the migration gives entries written before the vocabulary their code (issue 26.3)', () => {
  const database = scratchDatabase('studio-hub-audit-actions-');
  const migrate = async (name: 'personnel' | 'studios', upTo?: string) => {
    const all = SUBGRAPHS[name].migrations;
    const orm = await database.orm(
      name,
      upTo
        ? all.slice(
            0,
            all.findIndex((m) => m.name === upTo),
          )
        : all,
    );
    return orm.orm.em.getConnection();
  };
  const insert = (action: string) =>
    `insert into audit_entry (id, at, actor, actor_level, actor_region, action, entity, entity_id, region_code, summary)
     values ('${randomUUID()}', now(), 'someone', 'COUNTY', '410422', '${action}', 'Teacher', 'x', '410422', '旧记录')`;

  test.each([
    ['personnel', ['修改教师信息', '记录荣誉', '记录课题', '记录论文', '记录论文或专著', 'registerSchool']],
    ['studios', ['revokeStudio', 'transitionStudio', 'consequence']],
  ] as const)('%s: old actions are mapped to codes of the vocabulary, codes stay as they were', async (name, old) => {
    const before = await migrate(name, 'Migration20261207180000_audit_actions');
    for (const action of old) await before.execute(insert(action));
    const after = await migrate(name);
    const rows = await after.execute<{ action: string }[]>('select action from audit_entry order by action');
    expect(rows.map((r) => r.action).filter((a) => !(a in AUDIT_ACTIONS))).toEqual([]);
    expect(rows.map((r) => r.action).sort()).toEqual(
      (name === 'personnel'
        ? ['updateTeacher', 'addHonor', 'addResearchProject', 'addPublication', 'addPublication', 'registerSchool']
        : ['consequence', 'transitionStudio', 'consequence']
      ).sort(),
    );
  });
});
