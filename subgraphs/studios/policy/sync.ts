import type { EntityManager } from '@mikro-orm/postgresql';
import { SEEDED_POLICIES } from './seeded-policies.ts';

/**
 * Makes the database's seeded policies equal `seeded-policies.ts`: run once after the migrations at every start.
 * Idempotent: a policy or rule missing is added, a value, section or text edited in the file reaches a database
 * that has the old one, and a rule the file no longer has is removed. Migrations never load policy data.
 */
export async function syncSeededPolicies(em: EntityManager): Promise<void> {
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
      await sql.execute(`delete from policy_rule where policy_id = ? and not (code = any(?::text[]))`, [
        p.id,
        `{${p.rules.map(([code]) => code).join(',')}}`,
      ]);
      for (const [code, value, seed, text] of p.rules) {
        await sql.execute(
          `insert into policy_rule (policy_id, code, value, seed, text) values (?, ?, ?::jsonb, ?, ?)
           on conflict (policy_id, code) do update set value = excluded.value, seed = excluded.seed, text = excluded.text`,
          [p.id, code, JSON.stringify(value), seed, text],
        );
      }
    }
  });
}
