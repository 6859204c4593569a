import { demoStudio, schools, studios, teachers } from './support/demo.ts';
import { describe, expect, test, type Office, expectRefusal } from './support/hub.ts';

// every client mistake is BAD_USER_INPUT naming the argument, with a Chinese message; never an internal error
const YEXIAN_EDITOR: Office = { level: 'COUNTY', region: '410422', roles: ['editor'] };

const studio = demoStudio({ regionCode: '410422', status: 'RUNNING' });

describe('bad input is BAD_USER_INPUT at the edge, never an internal error', () => {
  test('an id that is not a UUID is BAD_USER_INPUT, inline, as a variable, in an input object and in a list', async ({ hub }) => {
    expectRefusal(await hub.query('{ studio(id: "x") { id } }'), 'BAD_USER_INPUT', { argumentName: 'id' });
    expectRefusal(await hub.query('query ($id: ID!) { teacher(id: $id) { id } }', { id: '410422' }), 'BAD_USER_INPUT', {
      argumentName: 'id',
    });
    expectRefusal(await hub.query('{ evaluation(id: "😀") { id } }'), 'BAD_USER_INPUT', { argumentName: 'id' });
    expectRefusal(await hub.query('{ school(id: "\\"quoted\\"") { id } }'), 'BAD_USER_INPUT', { argumentName: 'id' });
    expectRefusal(
      await hub.query(
        'mutation ($i: TransitionStudioInput!) { transitionStudio(input: $i) { id } }',
        { i: { id: '第一批', version: 1, to: 'UNDER_REVIEW', reason: '受理' } },
        YEXIAN_EDITOR,
      ),
      'BAD_USER_INPUT',
      { argumentName: 'id' },
    );
    expectRefusal(
      await hub.query(
        'mutation ($i: RecordWorkInput!) { recordWork(input: $i) { id } }',
        { i: { studioId: studio.id, kind: 'LECTURE', title: '活动', doneOn: '2026-03-01', attended: ['not-an-id'] } },
        YEXIAN_EDITOR,
      ),
      'BAD_USER_INPUT',
      { argumentName: 'attended' },
    );
  });

  test('ids that are not UUIDs by design pass: region codes and policy ids', async ({ hub }) => {
    const policy = await hub.query('{ policy(id: "000-pingdingshan") { id } region(code: "410422") { code } }');
    expect(policy.errors).toBeUndefined();
    expect(policy.data).toEqual({ policy: { id: '000-pingdingshan' }, region: { code: '410422' } });
    expectRefusal(await hub.query('{ policy(id: "000 pingdingshan;") { id } }'), 'BAD_USER_INPUT', { argumentName: 'id' });
  });

  test('a region code that is not six digits is BAD_USER_INPUT', async ({ hub }) => {
    expectRefusal(await hub.query('{ studios(within: "41042a", first: 1) { totalCount } }'), 'BAD_USER_INPUT', {
      argumentName: 'within',
    });
  });

  test('an argument holds what it declares, not what its name suggests: region code, policy id, year, semester, each refused in its own words, each edge taken', async ({
    hub,
  }) => {
    const quotas = (policyId: string, within: string) =>
      hub.query('query ($p: ID!, $w: ID!) { nominationQuotas(policyId: $p, batch: "第一批", within: $w) { used } }', {
        p: policyId,
        w: within,
      });
    expect(
      expectRefusal(await quotas('000 pingdingshan', '410422'), 'BAD_USER_INPUT', { argumentName: 'policyId' }).message,
    ).toBe('政策编号“000 pingdingshan”无效');
    expect(
      expectRefusal(await quotas('000-pingdingshan', '4104220'), 'BAD_USER_INPUT', { argumentName: 'within' }).message,
    ).toContain('行政区划代码“4104220”无效');
    expect((await quotas('000-pingdingshan', '410422')).errors).toBeUndefined();

    const submission = (year: number) =>
      hub.query('query ($y: Int!) { region(code: "410422") { annualSubmission(year: $y) { status } } }', { y: year });
    for (const year of [1999, 2101])
      expect(expectRefusal(await submission(year), 'BAD_USER_INPUT', { argumentName: 'year' }).message).toBe(
        'year 年份不正确：应为 2000 到 2100 之间的年份',
      );
    for (const year of [2000, 2100]) expect((await submission(year)).errors, String(year)).toBeUndefined();

    const ratings = (semester: string) =>
      hub.query('query ($id: ID!, $s: String) { studio(id: $id) { memberRatings(semester: $s) { rating } } }', {
        id: studio.id,
        s: semester,
      });
    for (const semester of ['2026-2028-1', '2026-2027-3', '1999-2000-1'])
      expect(expectRefusal(await ratings(semester), 'BAD_USER_INPUT', { argumentName: 'semester' }).message).toContain(
        `学期“${semester}”格式不正确`,
      );
    for (const semester of ['2000-2001-1', '2099-2100-2']) expect((await ratings(semester)).errors, semester).toBeUndefined();
  });

  test('a cursor that was not handed out is BAD_USER_INPUT', async ({ hub }) => {
    const forged = Buffer.from('2026-01-01T00:00:00.000Z|x', 'utf8').toString('base64url');
    const outOfRange = Buffer.from(`+275760-09-13T00:00:00.000Z|${studio.id}`, 'utf8').toString('base64url');
    for (const after of ['x', forged, outOfRange])
      expectRefusal(
        await hub.query('query ($a: String) { studios(within: "410000", first: 1, after: $a) { totalCount } }', { a: after }),
        'BAD_USER_INPUT',
        { argumentName: 'after' },
      );
  });

  test('an impossible date such as 2026-02-30 is BAD_USER_INPUT', async ({ hub }) => {
    expectRefusal(
      await hub.query('query ($id: ID!) { studio(id: $id) { work(from: "2026-02-30") { id } } }', { id: studio.id }),
      'BAD_USER_INPUT',
      { argumentName: 'from' },
    );
    expectRefusal(
      await hub.query(
        'mutation ($i: RecordWorkInput!) { recordWork(input: $i) { id } }',
        { i: { studioId: studio.id, kind: 'LECTURE', title: '活动', doneOn: '2026-13-01' } },
        YEXIAN_EDITOR,
      ),
      'BAD_USER_INPUT',
      { argumentName: 'doneOn' },
    );
    const ok = await hub.query('query ($id: ID!) { studio(id: $id) { work(from: "2024-02-29") { id } } }', { id: studio.id });
    expect(ok.errors).toBeUndefined();
  });

  test("a timestamp outside PostgreSQL's range or the calendar is BAD_USER_INPUT, inline or as a variable", async ({ hub }) => {
    const page = 'query ($s: DateTime) { studios(within: "410000", first: 1, filter: { updatedSince: $s }) { totalCount } }';
    for (const since of ['+275760-09-13T00:00:00.000Z', '-000001-01-01T00:00:00Z', '2026-02-30T00:00:00Z', 'yesterday'])
      expectRefusal(await hub.query(page, { s: since }), 'BAD_USER_INPUT', { argumentName: 'updatedSince' });
    expectRefusal(
      await hub.query('{ studios(within: "410000", first: 1, filter: { updatedSince: "2026-02-30T08:00:00Z" }) { totalCount } }'),
      'BAD_USER_INPUT',
      { argumentName: 'updatedSince' },
    );
    const inline = await hub.query(
      '{ studios(within: "410000", first: 1, filter: { updatedSince: "2020-01-01T00:00:00Z" }) { totalCount } }',
    );
    expect(inline.errors).toBeUndefined();
    expect(inline.data.studios.totalCount).toBeGreaterThan(0);
  });

  test('an inline Money literal is read like a variable: a bad amount is BAD_USER_INPUT', async ({ hub }) => {
    for (const amount of ['"1.001"', '"abc"', '1.001', 'true'])
      expectRefusal(
        await hub.query(
          `mutation ($s: ID!) { allocateFunds(input: { studioId: $s, year: 2026, source: PROVINCE, amount: ${amount} }) { id } }`,
          { s: studio.id },
        ),
        'BAD_USER_INPUT',
        { argumentName: 'amount' },
      );
  });

  test('a string with a NUL byte or other control characters is BAD_USER_INPUT, and nothing is written', async ({ hub }) => {
    const teacher = teachers.find((t) => t.schoolId === schools.find((s) => s.regionCode === '410422')!.id)!;
    const honors = async () =>
      (await hub.query('query ($id: ID!) { teacher(id: $id) { honors { title } } }', { id: teacher.id })).data.teacher.honors
        .length;
    const before = await honors();
    for (const title of ['优秀\u0000班主任', '\u0007', '\u001b[31m'])
      expectRefusal(
        await hub.query('mutation ($t: ID!, $title: String!) { addHonor(teacherId: $t, title: $title, level: COUNTY) { id } }', {
          t: teacher.id,
          title,
        }),
        'BAD_USER_INPUT',
        { argumentName: 'title' },
      );
    expectRefusal(
      await hub.query('query ($id: ID!) { teacher(id: $id) { id } }', { id: `${teacher.id}\u0000` }),
      'BAD_USER_INPUT',
      { argumentName: 'id' },
    );
    expect(await honors()).toBe(before);
  });

  test('nothing answers "failed" after committing: a change is read back, nested fields included', async ({ hub }) => {
    const school = schools.find((s) => s.regionCode === '410422')!;
    const other = schools.find((s) => s.regionCode === '410422' && s.id !== school.id)!;
    const teacher = teachers.find((t) => t.schoolId === school.id && !studios.some((s) => s.hostTeacherId === t.id))!;
    const moved = await hub.query(
      `mutation ($t: ID!, $to: ID!) { transferTeacher(teacherId: $t, toSchoolId: $to, movedOn: "2026-09-01", reason: "工作需要") {
        id transfers { from { name } to { name } } } }`,
      { t: teacher.id, to: other.id },
    );
    expect(moved.errors).toBeUndefined();
    expect(moved.data.transferTeacher.transfers.at(-1)).toEqual({ from: { name: school.name }, to: { name: other.name } });
    const honored = await hub.query(
      'mutation ($t: ID!) { addHonor(teacherId: $t, title: "县级优秀班主任", level: COUNTY) { honors { title } transfers { from { name } } } }',
      { t: teacher.id },
    );
    expect(honored.errors).toBeUndefined();
    expect(honored.data.addHonor.honors).toContainEqual({ title: '县级优秀班主任' });
    expect(honored.data.addHonor.transfers.at(-1)).toEqual({ from: { name: school.name } });
  });
});
