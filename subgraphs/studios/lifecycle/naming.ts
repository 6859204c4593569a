import type { EntityManager } from '@mikro-orm/postgresql';
import type { Rules, Verdict } from '../policy/rules.ts';
import type { Studio } from '../studio/studio.entity.ts';

/**
 * 004 方案6 (二) "市教育局每年度遴选命名20个市级名班主任工作室" (naming.perYear.max): a studio is named (授牌) in the
 * first year of its cycle, and at most so many studios of one programme are named for one year. A studio named
 * before (授牌 again after 暂缓授牌) is not named twice. Namings of one programme and year wait for each other, so two
 * at once cannot both take the last place.
 */
export async function namingVerdicts(tx: EntityManager, rules: Rules, studio: Studio): Promise<Verdict[]> {
  const quota = rules.get('naming.perYear.max');
  if (!quota) return [];
  const run = <T>(sql: string, params: unknown[]) =>
    tx.getConnection().execute<T[]>(sql, params, 'all', tx.getTransactionContext());
  await run('select pg_advisory_xact_lock(hashtext(?))', [`naming:${studio.policyId}:${studio.startYear}`]);
  const [row] = await run<{ named: string; again: boolean }>(
    `select count(distinct s.id) filter (where s.id <> ?) as named, bool_or(s.id = ?) as again
       from studio s join studio_transition t on t.studio_id = s.id and t.to_status = 'ESTABLISHED'
      where s.policy_id = ? and s.start_year = ?`,
    [studio.id, studio.id, studio.policyId, studio.startYear],
  );
  if (row?.again) return [];
  const named = Number(row?.named ?? 0);
  return [
    rules.verdict(
      'naming.perYear.max',
      quota.seed,
      named < quota.value,
      `${studio.startYear} 年已按该方案命名 ${named} 个工作室，每年至多命名 ${quota.value} 个（${quota.seed}：${quota.text}）`,
    ),
  ];
}

/**
 * The name an application gives its studio, or where it gives none its host's and its kind's (张三名师工作室). Under a programme stating
 * `studio.namedAfterHost` (002 方案1 一, 004 方案8 三, 004 方案9 三(二)3: 以主持人姓名命名) a given name must carry the
 * host's name; elsewhere any name the school chose stands (004 方案10: “xxx小学语文工作室”).
 */
export function studioName(
  rules: Rules,
  hostName: string,
  asked: string | null | undefined,
  kind: string,
): { name: string; verdicts: Verdict[] } {
  const name = asked?.trim() || `${hostName}${kind}`;
  const rule = rules.get('studio.namedAfterHost');
  if (!rule) return { name, verdicts: [] };
  return {
    name,
    verdicts: [
      rules.verdict(
        'studio.namedAfterHost',
        rule.seed,
        name.includes(hostName),
        `工作室名称“${name}”${name.includes(hostName) ? '含' : '不含'}主持人姓名“${hostName}”（${rule.seed}：${rule.text}）`,
      ),
    ],
  };
}
