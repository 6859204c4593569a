import { STAGES } from '../../../lib/domain/vocabulary.ts';
import { change } from '../../../lib/data/change.ts';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { assertMayChange, assertRegionInScope, regionInScope } from '../../../lib/auth/scope.ts';
import type { Viewer } from '../../../lib/auth/viewer.ts';
import { assertVersion } from '../../../lib/data/concurrency.ts';
import { isRegionCode } from '../../../lib/domain/region-code.ts';
import { userError } from '../../../lib/graphql/errors.ts';
import { refuseProblems, type RowProblem } from '../../../lib/graphql/input.ts';
import { findForChange } from '../../../lib/data/loaders.ts';
import { Region } from '../region/region.entity.ts';
import { Teacher } from '../teacher/teacher.entity.ts';
import { School, type Stage } from './school.entity.ts';
import { schoolPlace } from './school.queries.ts';
import type { SubgraphContext } from '../../../lib/graphql/context.ts';
import type { ImportSchoolsInput, RegisterSchoolInput, UpdateSchoolInput } from './register.inputs.ts';

/**
 * Offices register and update their schools (issue 16.7): a county's schools at the county's code, a city's or
 * province's own (局属/市直属/省属) at the city's or province's code. An editor or admin of an office at county
 * level or above, in scope; one transaction and one audit entry per change.
 */

/** A stage by its Chinese name, as a spreadsheet writes it (小学 → PRIMARY). */
export const STAGE_NAMES = Object.fromEntries(Object.entries(STAGES).map(([stage, name]) => [name, stage])) as Record<
  string,
  Stage
>;

const WHAT = '学校信息';

/** A school's name as typed, or why not. */
function nameProblem(name: string): string | null {
  if (!name) return '学校名称不能为空';
  if (name.length > 50) return '学校名称过长（最多 50 个字）';
  return null;
}

/** Why a region cannot hold schools, or null: it must be a real county, city or province (not the nation). */
function regionProblem(code: string, region: Region | null | undefined): string | null {
  if (!isRegionCode(code)) return `行政区划代码“${code}”无效：应为六位数字的代码，例如 410404（石龙区）`;
  if (!region) return `行政区划代码 ${code} 不是现行的行政区划`;
  if (region.level === 'NATION') return '学校须登记在县（区）、市或省的行政区划代码下，不能登记在全国';
  return null;
}

/** The office may register or move schools in this region: FORBIDDEN outside its scope (regions are public). */
function assertMayRegister(viewer: Viewer, regionCode: string): void {
  assertRegionInScope(viewer, regionCode);
  assertMayChange(viewer, { regionCode, hostSchoolId: viewer.schoolId }, 'COUNTY', ['editor'], WHAT);
}

const duplicateMessage = (region: Region, name: string) => `${region.name}（${region.code}）已有名为“${name}”的学校`;

async function sameName(tx: EntityManager, regionCode: string, name: string, except?: string) {
  return tx.findOne(School, { regionCode, name, ...(except ? { id: { $ne: except } } : {}) });
}

async function regionFor(tx: EntityManager, code: string, argumentName: string): Promise<Region> {
  const region = isRegionCode(code) ? await tx.findOne(Region, { code }) : null;
  const problem = regionProblem(code, region);
  if (problem) throw userError('BAD_USER_INPUT', problem, { argumentName, regionCode: code });
  return region!;
}

const record = (s: School) => ({ name: s.name, regionCode: s.regionCode, stage: s.stage });

/** Registers a school in a county, or one a city or province runs directly at its own code (局属/市直属). */
export async function registerSchool(ctx: SubgraphContext, input: typeof RegisterSchoolInput.$inferInput) {
  const name = input.name.trim();
  const problem = nameProblem(name);
  if (problem) throw userError('BAD_USER_INPUT', problem, { argumentName: 'name' });
  const code = input.regionCode.trim();
  return change(
    ctx.em,
    ctx.viewer,
    async ({ tx, audit }) => {
      const region = await regionFor(tx, code, 'regionCode');
      assertMayRegister(ctx.viewer, code);
      if (await sameName(tx, code, name))
        throw userError('BAD_USER_INPUT', duplicateMessage(region, name), { argumentName: 'name' });
      const school = tx.create(School, { id: randomUUID(), name, stage: input.stage, regionCode: code, version: 1 });
      audit({
        action: 'registerSchool',
        entity: 'School',
        entityId: school.id,
        regionCode: code,
        hostSchoolId: school.id,
        summary: `登记学校：${name}（${STAGES[input.stage]}，${region.name}）`,
        after: record(school),
      });
      return school;
    },
    '学校',
  );
}

/** Changes a school's name, stage or region (the region only while it has no teachers). */
export async function updateSchool(ctx: SubgraphContext, input: typeof UpdateSchoolInput.$inferInput) {
  const name = input.name?.trim();
  if (name !== undefined) {
    const problem = nameProblem(name);
    if (problem) throw userError('BAD_USER_INPUT', problem, { argumentName: 'name' });
  }
  const code = input.regionCode?.trim();
  return change(
    ctx.em,
    ctx.viewer,
    async ({ tx, audit }) => {
      const school = await findForChange(tx, ctx.viewer, School, input.id, '学校', schoolPlace);
      assertMayChange(ctx.viewer, schoolPlace(school), 'COUNTY', ['editor'], WHAT);
      assertVersion(WHAT, input.version, school.version);
      const before = record(school);
      const to = code ?? school.regionCode;
      const region = await regionFor(tx, to, 'regionCode');
      if (to !== school.regionCode) {
        assertMayRegister(ctx.viewer, to);
        if (await tx.count(Teacher, { schoolId: school.id }))
          throw userError('BAD_USER_INPUT', `${school.name}已有教师，不能改变所属行政区划：请先调动教师，或另行登记学校`, {
            argumentName: 'regionCode',
          });
      }
      const newName = name ?? school.name;
      if (await sameName(tx, to, newName, school.id))
        throw userError('BAD_USER_INPUT', duplicateMessage(region, newName), { argumentName: 'name' });
      school.name = newName;
      school.regionCode = to;
      if (input.stage) school.stage = input.stage;
      await tx.flush();
      audit({
        action: 'updateSchool',
        entity: 'School',
        entityId: school.id,
        regionCode: school.regionCode,
        hostSchoolId: school.id,
        summary: `修改学校信息：${school.name}`,
        before,
        after: record(school),
      });
      return school;
    },
    WHAT,
  );
}

/** Registers schools from a spreadsheet's rows (学校名称, 行政区划代码, 学段), all or nothing. */
export async function importSchools(ctx: SubgraphContext, { rows }: typeof ImportSchoolsInput.$inferInput) {
  assertMayChange(
    ctx.viewer,
    { regionCode: ctx.viewer.regionCode, hostSchoolId: ctx.viewer.schoolId },
    'COUNTY',
    ['editor'],
    WHAT,
  );
  return change(
    ctx.em,
    ctx.viewer,
    async ({ tx, audit }) => {
      const problems: RowProblem[] = [];
      const problem = (row: number, column: string, message: string) => problems.push({ row, column, message });
      const codes = [...new Set(rows.map((r) => r.regionCode?.trim() ?? '').filter(isRegionCode))];
      const regions = new Map((await tx.find(Region, { code: { $in: codes } })).map((r) => [r.code, r]));
      const seen = new Set<string>();
      const accepted: { name: string; regionCode: string; stage: Stage; row: number }[] = [];
      for (const r of rows) {
        const name = r.name?.trim() ?? '';
        const nameWrong = nameProblem(name);
        if (nameWrong) problem(r.row, '学校名称', nameWrong);
        const code = r.regionCode?.trim() ?? '';
        const region = regions.get(code);
        const regionWrong = regionProblem(code, region);
        // outside the scope nothing more is said (not even whether the name is taken there)
        const outside = !regionWrong && !regionInScope(ctx.viewer, code);
        if (regionWrong) problem(r.row, '行政区划代码', regionWrong);
        else if (outside) problem(r.row, '行政区划代码', `行政区划 ${code} 不在您的权限范围内`);
        const stage = STAGE_NAMES[r.stage?.trim() ?? ''];
        if (!stage) problem(r.row, '学段', `学段“${r.stage ?? ''}”应为：小学、初中、高中或中职`);
        const key = `${code}:${name}`;
        if (name && seen.has(key)) problem(r.row, '学校名称', `与前面的行重复：${name}`);
        seen.add(key);
        if (!nameWrong && !regionWrong && !outside && stage) accepted.push({ name, regionCode: code, stage, row: r.row });
      }
      if (accepted.length) {
        const existing = await tx.find(School, { $or: accepted.map((a) => ({ name: a.name, regionCode: a.regionCode })) });
        for (const e of existing) {
          const a = accepted.find((x) => x.name === e.name && x.regionCode === e.regionCode)!;
          problem(a.row, '学校名称', duplicateMessage(regions.get(e.regionCode)!, e.name));
        }
      }
      refuseProblems(problems);
      const schools = accepted.map((a) =>
        tx.create(School, { id: randomUUID(), name: a.name, stage: a.stage, regionCode: a.regionCode, version: 1 }),
      );
      for (const school of schools)
        audit({
          action: 'importSchools',
          entity: 'School',
          entityId: school.id,
          regionCode: school.regionCode,
          hostSchoolId: school.id,
          summary: `导入学校：${school.name}（${STAGES[school.stage]}）`,
          after: record(school),
        });
      return { schools };
    },
    '学校',
  );
}
