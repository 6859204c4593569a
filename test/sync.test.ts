import { demoStudio, schools, teachers } from './support/demo.ts';
import { describe, expect, test, type Office, type TestHub, type Refusal, expectRefusal } from './support/hub.ts';

// Issue 14 (integration conventions): every entity type can be synced to the end by cursor and the sync resumed
// from the last endCursor, getting exactly what changed since; the change feeds read oldest first, with entry ids.

const NATION: Office = { level: 'NATION', region: '100000', roles: ['viewer'] };
const studio = demoStudio({ policyId: '001-wujin', status: 'RUNNING' });
const hostSchool = schools.find((s) => s.id === studio.hostSchoolId)!;
const host = teachers.find((t) => t.id === studio.hostTeacherId)!;
const WUJIN: Office = { level: 'COUNTY', region: '320412', roles: ['editor', 'evaluator', 'finance', 'admin'] };

/** Each entity type's connection and a few of its fields (the whole country, as the national office). */
const ENTITIES: Record<string, { field: string; select: string }> = {
  schools: { field: 'schoolsConnection(within: "100000", first: $first, after: $after)', select: 'id name updatedAt' },
  teachers: { field: 'teachersConnection(within: "100000", first: $first, after: $after)', select: 'id name updatedAt' },
  studios: { field: 'studios(within: "100000", first: $first, after: $after)', select: 'id name version updatedAt' },
  memberships: {
    field: 'membershipsConnection(within: "100000", first: $first, after: $after)',
    select: 'id leftOn updatedAt studio { id }',
  },
  evaluations: {
    field: 'evaluationsConnection(within: "100000", first: $first, after: $after)',
    select: 'id kind year status updatedAt',
  },
  allocations: { field: 'allocationsConnection(within: "100000", first: $first, after: $after)', select: 'id amount updatedAt' },
  expenditures: {
    field: 'expendituresConnection(within: "100000", first: $first, after: $after)',
    select: 'id status updatedAt studio { id }',
  },
};
const FEEDS = ['studioChanges', 'personnelChanges', 'evaluationChanges'];

interface Page {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  edges: { cursor: string; node: { id: string; updatedAt?: string; at?: string } }[];
}

/** Reads a connection page by page from `after` to the end; the rows, and the cursor to resume from. */
async function syncToEnd(hub: TestHub, read: (after: string | null) => Promise<Page>, after: string | null) {
  const rows: Page['edges'][number]['node'][] = [];
  let cursor = after;
  let pages = 0;
  for (;;) {
    const page = await read(cursor);
    pages++;
    expect(page.pageInfo.hasPreviousPage).toBe(cursor !== null);
    expect(page.pageInfo.startCursor).toBe(page.edges[0]?.cursor ?? null);
    rows.push(...page.edges.map((e) => e.node));
    if (page.edges.length) cursor = page.pageInfo.endCursor;
    if (!page.pageInfo.hasNextPage) return { rows, cursor, pages, totalCount: page.totalCount };
  }
}

const entityReader = (hub: TestHub, name: string, first: number) => async (after: string | null) => {
  const { field, select } = ENTITIES[name]!;
  const { data, errors } = await hub.query(
    `query ($first: Int!, $after: String) { page: ${field} { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { ${select} } } } }`,
    { first, after },
    NATION,
  );
  expect(errors).toBeUndefined();
  return data.page as Page;
};
const feedReader = (hub: TestHub, feed: string, first: number) => async (after: string | null) => {
  const { data, errors } = await hub.query(
    `query ($first: Int!, $after: String) { region(code: "100000") { page: ${feed}Connection(first: $first, after: $after) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id at action entityId } } } } }`,
    { first, after },
    NATION,
  );
  expect(errors).toBeUndefined();
  return data.region.page as Page;
};

const ok = async (hub: TestHub, query: string, variables: Record<string, unknown>) => {
  const { data, errors } = await hub.query(query, variables, WUJIN);
  expect(errors).toBeUndefined();
  return data;
};

describe('incremental sync by cursor (issue 14, integration conventions)', () => {
  test('every entity type and change feed syncs to the end by cursor; after changes, resuming gets exactly the changes', async ({
    hub,
  }) => {
    const stamp = (r: { updatedAt?: string; at?: string }) => (r.updatedAt ?? r.at)!;
    const cursors: Record<string, string | null> = {};
    const readers = {
      ...Object.fromEntries(Object.keys(ENTITIES).map((name) => [name, entityReader(hub, name, 40)])),
      ...Object.fromEntries(FEEDS.map((feed) => [feed, feedReader(hub, feed, 40)])),
    };
    for (const [name, read] of Object.entries(readers)) {
      const { rows, cursor, totalCount } = await syncToEnd(hub, read, null);
      expect(rows.length, name).toBe(totalCount);
      expect(new Set(rows.map((r) => r.id)).size, `${name}: no row twice`).toBe(rows.length);
      // ascending by (updatedAt, id)
      const keys = rows.map((r) => `${stamp(r)}|${r.id}`);
      expect(keys, name).toEqual([...keys].sort());
      cursors[name] = cursor;
    }

    // the changes: one of each kind, by the offices that may make them (武进区, 001)
    const school = await ok(hub, 'query ($id: ID!) { school(id: $id) { version } }', { id: hostSchool.id });
    await ok(hub, 'mutation ($i: UpdateSchoolInput!) { updateSchool(input: $i) { id } }', {
      i: { id: hostSchool.id, version: school.school.version, name: `${hostSchool.name}（新校区）` },
    });
    const teacher = await ok(hub, 'query ($id: ID!) { teacher(id: $id) { version } }', { id: host.id });
    await ok(hub, 'mutation ($i: UpdateTeacherInput!) { updateTeacher(input: $i) { id } }', {
      i: { id: host.id, version: teacher.teacher.version, subject: '语文' },
    });
    const { studio: read } = await ok(hub, 'query ($id: ID!) { studio(id: $id) { version } }', { id: studio.id });
    const leaver = studio.members.find((m) => m.role === 'MEMBER')!;
    await ok(hub, 'mutation ($i: RemoveStudioMemberInput!) { removeStudioMember(input: $i) { id } }', {
      i: { studioId: studio.id, version: read.version, teacherId: leaver.teacherId, reason: '调离本区' },
    });
    const scheduled = await ok(hub, 'mutation ($s: ID!) { scheduleEvaluation(studioId: $s, kind: FINAL, year: 2027) { id } }', {
      s: studio.id,
    });
    const allocated = await ok(hub, 'mutation ($i: AllocateFundsInput!) { allocateFunds(input: $i) { id } }', {
      i: { studioId: studio.id, year: 2025, source: 'SCHOOL', amount: '100.00' },
    });
    const proposed = await ok(hub, 'mutation ($i: ProposeExpenditureInput!) { proposeExpenditure(input: $i) { id } }', {
      i: {
        studioId: studio.id,
        year: 2026,
        use: 'SEMINAR',
        amount: '100.00',
        purpose: '工作室研讨活动',
        voucher: 'V-SYNC-1',
        spentOn: '2026-10-10',
      },
    });

    const expected: Record<string, string[]> = {
      schools: [hostSchool.id],
      teachers: [host.id],
      studios: [studio.id],
      evaluations: [scheduled.scheduleEvaluation.id],
      allocations: [allocated.allocateFunds.id],
      expenditures: [proposed.proposeExpenditure.id],
    };
    for (const [name, ids] of Object.entries(expected)) {
      const { rows } = await syncToEnd(hub, readers[name]!, cursors[name]!);
      expect(rows.map((r) => r.id).sort(), `${name}: resumed`).toEqual([...ids].sort());
    }
    // the membership that ended comes again, with its leftOn
    const resumed = await syncToEnd(hub, readers.memberships!, cursors.memberships!);
    expect(resumed.rows).toHaveLength(1);
    expect(resumed.rows[0]).toMatchObject({ leftOn: '2026-12-01', studio: { id: studio.id } });
    // each feed gives the entries of the changes, oldest first, and nothing it gave before
    const feed = async (name: string) =>
      (await syncToEnd(hub, readers[name]!, cursors[name]!)).rows as unknown as { action: string; entityId: string }[];
    expect((await feed('personnelChanges')).map((e) => e.entityId)).toEqual([hostSchool.id, host.id]);
    expect((await feed('studioChanges')).map((e) => e.entityId)).toEqual([studio.id]);
    expect((await feed('evaluationChanges')).map((e) => e.entityId)).toContain(scheduled.scheduleEvaluation.id);
    // and nothing more after that
    for (const name of Object.keys(readers)) {
      const end = await syncToEnd(hub, readers[name]!, (await syncToEnd(hub, readers[name]!, cursors[name]!)).cursor);
      expect(end.rows, `${name}: at the end`).toEqual([]);
    }
  });

  test('rows changed in the same millisecond are neither lost nor repeated at any page size', async ({ hub }) => {
    // every membership got its updated_at from the migration that added the column: one instant for all
    const all = await syncToEnd(hub, entityReader(hub, 'memberships', 500), null);
    const instants = new Set(all.rows.map((r) => r.updatedAt));
    expect(instants.size).toBeLessThan(all.rows.length);
    for (const first of [1, 7]) {
      const paged = await syncToEnd(hub, entityReader(hub, 'memberships', first), null);
      expect(paged.rows.map((r) => r.id)).toEqual(all.rows.map((r) => r.id));
      expect(paged.pages).toBe(Math.ceil(all.rows.length / first));
    }
  });

  test('page sizes: 1 and 500 are served, 0 and 501 refused with BAD_USER_INPUT; a bad cursor is refused', async ({ hub }) => {
    for (const first of [1, 500]) expect((await entityReader(hub, 'teachers', first)(null)).edges.length).toBeGreaterThan(0);
    for (const first of [0, 501]) {
      const { errors } = await hub.query(`{ teachersConnection(within: "100000", first: ${first}) { totalCount } }`, {}, NATION);
      expectRefusal({ errors }, 'BAD_USER_INPUT', { argumentName: 'first' });
    }
    const { errors } = await hub.query(
      '{ schoolsConnection(within: "100000", first: 5, after: "nonsense") { totalCount } }',
      {},
      NATION,
    );
    expectRefusal({ errors }, 'BAD_USER_INPUT', { argumentName: 'after' });
    expect(errors![0]!.message).toContain('游标');
  });

  test('the newest-first feeds say when first passes their cap of 200 instead of cutting silently', async ({ hub }) => {
    const { errors } = await hub.query('{ region(code: "410000") { studioChanges(first: 201) { id } } }', {}, NATION);
    expectRefusal({ errors }, 'BAD_USER_INPUT', { argumentName: 'first', max: 200 });
    expect(errors![0]!.message).toContain('studioChangesConnection');
  });

  test('a county office syncs only its own subtree, and a region outside it is FORBIDDEN', async ({ hub }) => {
    const county: Office = { level: 'COUNTY', region: '320412', roles: ['viewer'] };
    const { data, errors } = await hub.query(
      '{ teachersConnection(within: "320412", first: 500) { totalCount } studios(within: "320412", first: 500) { edges { node { region { code } } } } }',
      {},
      county,
    );
    expect(errors).toBeUndefined();
    for (const edge of data.studios.edges) expect(edge.node.region.code.startsWith('320412')).toBe(true);
    expect(data.teachersConnection.totalCount).toBe(
      teachers.filter((t) => schools.find((s) => s.id === t.schoolId)!.regionCode.startsWith('320412')).length,
    );
    const outside = await hub.query('{ evaluationsConnection(within: "410000", first: 5) { totalCount } }', {}, county);
    expectRefusal(outside, 'FORBIDDEN');
  });

  describe('a cursor is bound to the field and the arguments that issued it (issue 26.3)', () => {
    /** The variables `field` uses, declared. */
    const declared = (field: string) => {
      const used = ['$after: String', '$since: DateTime'].filter((d) => field.includes(d.split(':')[0]!));
      return used.length ? `(${used.join(', ')})` : '';
    };
    const page = async (hub: TestHub, field: string, variables: Record<string, unknown> = {}) =>
      hub.query(`query ${declared(field)} { page: ${field} { pageInfo { endCursor } } }`, variables, NATION);
    const refused = (errors: unknown, issuedBy: string | null) => {
      const error = expectRefusal({ errors: errors as Refusal[] }, 'BAD_USER_INPUT', {
        argumentName: 'after',
        reason: 'CURSOR_MISMATCH',
        ...(issuedBy ? { issuedBy } : {}),
      });
      expect(error.message).toContain('游标');
      return error.message;
    };
    const endCursor = async (hub: TestHub, field: string) => {
      const { data, errors } = await page(hub, field);
      expect(errors).toBeUndefined();
      return data.page.pageInfo.endCursor as string;
    };

    test("every sync field refuses another field's cursor, naming the field that issued it", async ({ hub }) => {
      const fields = Object.values(ENTITIES).map((e) => e.field.replace('$first', '2'));
      const cursors = await Promise.all(fields.map((field) => endCursor(hub, field)));
      for (const [i, field] of fields.entries()) {
        const other = (i + 1) % fields.length;
        const { errors } = await page(hub, field, { after: cursors[other] });
        const name = /^\w+/.exec(fields[other]!)![0];
        expect(refused(errors, `Query.${name}`), field).toContain(name);
      }
      // the issue's own case, and a feed's cursor given to another feed
      const schools = await endCursor(hub, 'schoolsConnection(within: "100000", first: 2)');
      refused(
        (await page(hub, 'teachersConnection(within: "100000", first: 2, after: $after)', { after: schools })).errors,
        'Query.schoolsConnection',
      );
      const feed = (
        await hub.query('{ region(code: "100000") { studioChangesConnection(first: 1) { pageInfo { endCursor } } } }', {}, NATION)
      ).data.region.studioChangesConnection.pageInfo.endCursor;
      const { errors } = await hub.query(
        'query ($after: String) { region(code: "100000") { personnelChangesConnection(first: 1, after: $after) { totalCount } } }',
        { after: feed },
        NATION,
      );
      refused(errors, 'Region.studioChangesConnection');
    });

    test('the same field with other arguments choosing its rows refuses it; first and updatedSince may differ', async ({
      hub,
    }) => {
      const within = await endCursor(hub, 'schoolsConnection(within: "100000", first: 2)');
      // another subtree
      refused(
        (await page(hub, 'schoolsConnection(within: "410000", first: 2, after: $after)', { after: within })).errors,
        'Query.schoolsConnection',
      );
      // the same subtree: another page size and an updatedSince (it only narrows on the instant the order is by)
      const same = await page(hub, 'schoolsConnection(within: "100000", first: 3, after: $after, updatedSince: $since)', {
        after: within,
        since: '2000-01-01T00:00:00.000Z',
      });
      expect(same.errors).toBeUndefined();
      // the contract's studios: another filter is refused, the same one (its updatedSince aside) resumes
      const running = await endCursor(hub, 'studios(within: "100000", first: 2, filter: { status: RUNNING })');
      refused(
        (
          await page(hub, 'studios(within: "100000", first: 2, after: $after, filter: { status: ESTABLISHED })', {
            after: running,
          })
        ).errors,
        'Query.studios',
      );
      refused(
        (await page(hub, 'studios(within: "100000", first: 2, after: $after)', { after: running })).errors,
        'Query.studios',
      );
      const resumed = await page(
        hub,
        'studios(within: "100000", first: 2, after: $after, filter: { status: RUNNING, updatedSince: $since })',
        {
          after: running,
          since: '2000-01-01T00:00:00.000Z',
        },
      );
      expect(resumed.errors).toBeUndefined();
      // a change feed of another region
      const feed = (
        await hub.query(
          '{ region(code: "100000") { personnelChangesConnection(first: 1) { pageInfo { endCursor } } } }',
          {},
          NATION,
        )
      ).data.region.personnelChangesConnection.pageInfo.endCursor;
      const other = await hub.query(
        'query ($after: String) { region(code: "410000") { personnelChangesConnection(first: 1, after: $after) { totalCount } } }',
        { after: feed },
        NATION,
      );
      refused(other.errors, 'Region.personnelChangesConnection');
    });

    test('a cursor issued before cursors were bound is refused with the way to start again', async ({ hub }) => {
      const old = Buffer.from(`2026-12-01T00:00:00.000Z|${schools[0]!.id}`, 'utf8').toString('base64url');
      const message = refused(
        (await page(hub, 'schoolsConnection(within: "100000", first: 2, after: $after)', { after: old })).errors,
        null,
      );
      expect(message).toContain('updatedSince');
    });
  });
});
