import { demoStudio, schools, studios } from './support/demo.ts';
import { describe, expect, test, type Office, type TestHub, expectRefusal } from './support/hub.ts';

const TRANSFER = `mutation ($teacherId: ID!, $toSchoolId: ID!) {
  transferTeacher(teacherId: $teacherId, toSchoolId: $toSchoolId, movedOn: "2026-09-01", reason: "工作调动") { id school { id } }
}`;
const STUDIO = 'query ($id: ID!) { studio(id: $id) { status hostSchool { id } transitions { to reason actor } } }';
const CITY: Office = { level: 'CITY', region: '410400', roles: ['editor'] };

/** Waits for the outbox relay to have delivered: until `check` holds, or fails after ten seconds. */
async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await read();
    if (check(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}
const studioOf = (hub: TestHub, id: string) => async () => (await hub.query(STUDIO, { id }, CITY)).data.studio;

describe('a host who moves (000 五.6), told across subgraphs through the outbox', () => {
  test('inside the county the studio stays and follows the host to the new school, audited at each school apart', async ({
    hub,
  }) => {
    const studio = demoStudio({ policyId: '000-pingdingshan', regionCode: '410422', status: 'RUNNING' });
    const to = schools.find((s) => s.regionCode === '410422' && s.id !== studio.hostSchoolId)!;
    const { errors } = await hub.query(TRANSFER, { teacherId: studio.hostTeacherId, toSchoolId: to.id }, CITY);
    expect(errors).toBeUndefined();
    const after = await eventually(studioOf(hub, studio.id), (s) => s.hostSchool.id === to.id);
    expect(after).toMatchObject({ status: 'RUNNING', hostSchool: { id: to.id }, transitions: [] });
    // audited at each school, neither school's entry naming the other
    const CHANGES = '{ region(code: "410422") { studioChanges { action entityId summary before after } } }';
    const entries = async (as: Office) =>
      ((await hub.query(CHANGES, {}, as)).data.region.studioChanges as { action: string; entityId: string }[]).filter(
        (e) => e.action === 'hostMovedWithinCounty' && e.entityId === studio.id,
      );
    const school = (id: string): Office => ({ level: 'SCHOOL', region: '410422', school: id });
    const leftBy = await entries(school(studio.hostSchoolId));
    const joinedBy = await entries(school(to.id));
    expect(leftBy).toHaveLength(1);
    expect(joinedBy).toHaveLength(1);
    expect(JSON.stringify(leftBy)).not.toContain(to.id);
    expect(JSON.stringify(joinedBy)).not.toContain(studio.hostSchoolId);
    expect(await entries({ level: 'COUNTY', region: '410422' })).toHaveLength(2);
  });

  test('leaving the county revokes the studio, once, citing the event and the rule', async ({ hub }) => {
    const studio = demoStudio({ policyId: '000-pingdingshan', regionCode: '410421' });
    const to = schools.find((s) => s.regionCode === '410422')!;
    const { errors } = await hub.query(TRANSFER, { teacherId: studio.hostTeacherId, toSchoolId: to.id }, CITY);
    expect(errors).toBeUndefined();
    const after = await eventually(studioOf(hub, studio.id), (s) => s.status === 'REVOKED');
    expect(after.status).toBe('REVOKED');
    expect(after.transitions).toHaveLength(1);
    expect(after.transitions[0].reason).toContain('000 五.6');
    expect(after.transitions[0].actor).toMatch(/^event:personnel\.teacherTransferred:/);

    // the relay delivers at least once: deliver the same event again, and nothing more happens
    const personnel = hub.subgraphs.personnel!.orm.orm.em.getConnection();
    const [event] = await personnel.execute<{ id: string }[]>("select id from outbox_event where payload->>'teacherId' = ?", [
      studio.hostTeacherId,
    ]);
    await personnel.execute('update outbox_event set delivered_at = null where id = ?', [event!.id]);
    await eventually(
      async () =>
        (
          await personnel.execute<{ delivered_at: Date | null }[]>('select delivered_at from outbox_event where id = ?', [
            event!.id,
          ])
        )[0]!.delivered_at,
      (at) => at !== null,
    );
    expect((await studioOf(hub, studio.id)()).transitions).toHaveLength(1);
  });

  test('a move to the same school, or by an office that does not hold both schools, is refused', async ({ hub }) => {
    const teacher = studios[0]!.hostTeacherId;
    const same = await hub.query(TRANSFER, { teacherId: teacher, toSchoolId: studios[0]!.hostSchoolId }, CITY);
    expect(same.errors![0]!.message).toContain('相同');
    const elsewhere = schools.find((s) => s.regionCode === '410421')!;
    const county = await hub.query(
      TRANSFER,
      { teacherId: teacher, toSchoolId: elsewhere.id },
      { level: 'COUNTY', region: '410422', roles: ['editor'] },
    );
    // the other county's school is one this office cannot see: NOT_FOUND, as a school that does not exist
    expectRefusal(county, 'NOT_FOUND');
  });

  test("the events endpoint answers only the hub's signature", async ({ hub }) => {
    const res = await fetch(`${hub.subgraphs.studios!.url}/events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${await hub.token({ level: 'PROVINCE', region: '410000', roles: ['admin'] })}`,
      },
      body: JSON.stringify({ id: crypto.randomUUID(), topic: 'personnel.teacherTransferred', payload: {} }),
    });
    expect(res.status).toBe(401);
  });
});
