import { descendantRegions } from '../../lib/domain/region-tree.ts';
import { schools as demoSchools } from './demo.ts';
import { expectAnswer, test as withHub, TEST_TODAY, type Office, type TestHub } from './hub.ts';

/*
 * What a test needs, built through the API as an office would (the chain region → school → teacher → token), so that
 * a test writes only to rows it made itself and never depends on what another test wrote to the shared demo.
 */

const REGISTER = `mutation ($input: RegisterSchoolInput!) { registerSchool(input: $input) { id name } }`;
const IMPORT = `mutation ($input: ImportTeachersInput!) {
  teachersImport(input: $input) { report { teachers { id } } userErrors { message } }
}`;

/** 河南's counties the demo leaves empty, each handed to one story only in a test process. */
const free = descendantRegions('410000', 'COUNTY')
  .filter((r) => r.countyLevel && !demoSchools.some((s) => s.regionCode === r.code))
  .map((r) => r.code);

/** A county no school of the demo and no other story is in; `within` a city (its code) where said. */
export function freshCounty(within = '410000'): string {
  const at = free.findIndex((code) => code.startsWith(within.replace(/(00)+$/, '')));
  if (at < 0) throw new Error(`no empty county of ${within} left for another story`);
  return free.splice(at, 1)[0]!;
}

export interface School {
  id: string;
  name: string;
}

/** A county of one's own and its office: an editor and administrator, who registers schools and imports teachers. */
export interface County {
  code: string;
  office: Office;
  /** A new school of the county (初中 unless said), registered by the county's office. */
  school(stage?: 'PRIMARY' | 'JUNIOR' | 'SENIOR' | 'VOCATIONAL'): Promise<School>;
  /**
   * A new teacher of the school, imported by the county's office: 36 years old, 12 years a head teacher, in post;
   * `more` adds columns of the import row (`municipalExcellent: '是'`…).
   */
  teacher(school: School, more?: Record<string, string>): Promise<string>;
}

/** A studio of one's own: applied for (申报) under 平顶山's programme (000) by the city's office, for a host of a new school. */
export interface Studio {
  id: string;
  name: string;
  /** The host: a teacher of the school, a 市级优秀班主任 as 000 asks of a host. */
  host: string;
  school: School;
  /** The county of 平顶山 the school is in, and its office. */
  county: County;
  /** 平顶山's office (editor and evaluator), which applied for the studio and evaluates it. */
  city: Office;
  startYear: number;
}

const STAGE = { PRIMARY: '小学', JUNIOR: '初中', SENIOR: '高中', VOCATIONAL: '中职' } as const;
let made = 0;

/** Builds a county story on a hub: its office's schools and teachers are made on demand. */
export function countyStory(hub: TestHub, code = freshCounty()): County {
  const office: Office = { level: 'COUNTY', region: code, roles: ['editor', 'admin'] };
  const stages = new Map<string, keyof typeof STAGE>();
  return {
    code,
    office,
    async school(stage = 'JUNIOR') {
      const name = `${code}故事学校${++made}`;
      const { registerSchool } = expectAnswer(await hub.query(REGISTER, { input: { name, regionCode: code, stage } }, office));
      stages.set(registerSchool.id, stage);
      return registerSchool;
    },
    async teacher(school, more = {}) {
      const year = Number(TEST_TODAY.slice(0, 4));
      const row = {
        row: 2,
        name: `故事教师${++made}`,
        school: school.name,
        age: '36',
        gender: '女',
        birthDate: `${year - 36}-03-01`,
        headTeacherYears: '12',
        title: '一级教师',
        stage: STAGE[stages.get(school.id) ?? 'JUNIOR'],
        ...more,
      };
      const { teachersImport } = expectAnswer(await hub.query(IMPORT, { input: { rows: [row] } }, office));
      if (teachersImport.userErrors.length) throw new Error(`teacher not imported: ${JSON.stringify(teachersImport.userErrors)}`);
      return teachersImport.report.teachers[0].id as string;
    },
  };
}

const APPLY = `mutation ($i: ApplyForStudioInput!) { applyForStudio(input: $i) { id name } }`;

/**
 * Builds a studio story on a hub: a fresh county of 平顶山, a school in it, its host, and the studio applied for this
 * year, in the batch `${year}年` unless `batch` says; `host` adds columns to the host's import row (`name`…).
 */
export async function studioStory(
  hub: TestHub,
  { batch, host: more = {} }: { batch?: string; host?: Record<string, string> } = {},
): Promise<Studio> {
  const county = countyStory(hub, freshCounty('410400'));
  const school = await county.school();
  const host = await county.teacher(school, { municipalExcellent: '是', ...more });
  const city: Office = { level: 'CITY', region: '410400', roles: ['editor', 'evaluator'] };
  const startYear = Number(TEST_TODAY.slice(0, 4));
  const input = { policyId: '000-pingdingshan', hostTeacherId: host, batch: batch ?? `${startYear}年`, startYear };
  const { applyForStudio } = expectAnswer(await hub.query(APPLY, { i: input }, city));
  return { ...applyForStudio, host, school, county, city, startYear };
}

/**
 * `test` with the hub and a `county` of one's own (a fresh county with its office), a `school` in it and a `teacher`
 * of that school, and a `studio` (applied for, in a county of its own), each made only for a test that asks for it.
 */
export const test = withHub
  .extend('county', async ({ hub }) => countyStory(hub))
  .extend('school', async ({ county }) => county.school())
  .extend('teacher', async ({ county, school }) => county.teacher(school))
  .extend('studio', async ({ hub }) => studioStory(hub));

export { describe, expect } from 'vitest';
