import type { EntityManager } from '@mikro-orm/postgresql';
import { publishProblems } from './authoring.ts';
import { SEEDED_POLICIES, type SeededPolicy } from './seeded-policies.ts';

/**
 * Makes the database's seeded policies equal the programme files (`policy/programmes/*.json`, read by
 * `seeded-policies.ts`): run once after the migrations at every start. A file that an office could not publish (an
 * unknown code, a value of the wrong shape, a clause missing) stops the start with the problems named.
 * Each seeded programme is its policy's version 1, published: the file is its transcription of the seed, so a
 * value, section or text corrected in the file reaches a database that has the old one, a rule missing is added
 * and one the file no longer has is removed. Idempotent; versions an office publishes later are not touched.
 * Migrations never load policy data.
 */
const SEEDED_BY = 'seeded-policies.ts';

/** What keeps a programme file from being published, as an office's import would be told. */
export function programmeProblems(p: SeededPolicy): string[] {
  const rules = p.rules.map(([code, value, clause, text]) => ({ code, value, clause, text }));
  return publishProblems(p.issuingLevel, rules).map((problem) => `${p.id}：${problem.message}`);
}

export async function syncSeededPolicies(em: EntityManager): Promise<void> {
  const problems = SEEDED_POLICIES.flatMap(programmeProblems);
  if (problems.length) throw new Error(`政策文件有误（subgraphs/studios/policy/programmes）：${problems.join('；')}`);
  await em.transactional(async (tx) => {
    const sql = tx.getConnection();
    for (const p of SEEDED_POLICIES) {
      await sql.execute(
        `insert into policy (id, name, issuing_region_code, issuing_level, studio_level, batch, effective_from, effective_to, sources)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?)
         on conflict (id) do update set name = excluded.name, issuing_region_code = excluded.issuing_region_code,
           issuing_level = excluded.issuing_level, studio_level = excluded.studio_level, batch = excluded.batch,
           effective_from = excluded.effective_from, effective_to = excluded.effective_to, sources = excluded.sources`,
        [p.id, p.name, p.issuingRegionCode, p.issuingLevel, p.studioLevel, p.batch, p.effectiveFrom, p.effectiveTo, p.sources],
      );
      await sql.execute(
        `insert into policy_version (policy_id, number, status, effective_from, drafted_by, drafted_at, published_by, published_at)
         values (?, 1, 'PUBLISHED', ?, ?, now(), ?, now())
         on conflict (policy_id, number) do update set effective_from = excluded.effective_from`,
        [p.id, p.effectiveFrom, SEEDED_BY, SEEDED_BY],
      );
      await sql.execute(`delete from policy_rule where policy_id = ? and version = 1 and not (code = any(?::text[]))`, [
        p.id,
        `{${p.rules.map(([code]) => code).join(',')}}`,
      ]);
      for (const [code, value, seed, text] of p.rules) {
        await sql.execute(
          `insert into policy_rule (policy_id, version, code, value, seed, text) values (?, 1, ?, ?::jsonb, ?, ?)
           on conflict (policy_id, version, code) do update set value = excluded.value, seed = excluded.seed, text = excluded.text`,
          [p.id, code, JSON.stringify(value), seed, text],
        );
      }
    }
  });
}
