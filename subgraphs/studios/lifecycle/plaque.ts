import { EVALUATION_KINDS, GRADES, type EvaluationStatus } from '../../../lib/domain/vocabulary.ts';
import type { SubgraphContext } from '../../../lib/graphql/context.ts';
import type { Rules, Verdict } from '../policy/rules.ts';
import { STUDIO_EVALUATIONS } from '../peers.ts';

export type StudioEvaluation = CreationEvaluation | { kind: string };

/** A studio's evaluations, from their owner as the user asking; asked before a change's transaction begins. */
export async function studioEvaluations(ctx: SubgraphContext, studioId: string): Promise<StudioEvaluation[]> {
  const { _entities } = await ctx.peers.ask(STUDIO_EVALUATIONS, ctx.viewer, { r: [{ __typename: 'Studio', id: studioId }] });
  return _entities[0]?.evaluations ?? [];
}

interface CreationEvaluation {
  kind: 'CREATION' | 'SECOND_EVALUATION';
  year: number;
  status: EvaluationStatus;
  result: keyof typeof GRADES | null;
}

/**
 * 000 五.3 "工作室创建评估合格的，颁发牌匾；评估不合格的，暂缓授牌": under a policy whose plan holds a creation
 * evaluation, the plaque (授牌) waits for the latest creation evaluation or 二次评估 to be passed. Failed or still
 * pending, it is refused; none held yet is refused too (a county office reads "合格的，颁发牌匾" as: no plaque
 * before a passed creation evaluation). The evaluations come from their owner, as the user asking.
 */
export function plaqueVerdicts(rules: Rules, evaluations: StudioEvaluation[]): Verdict[] {
  const kinds = rules.get('evaluation.kinds');
  if (!kinds?.value.includes('CREATION')) return [];
  const rule = rules.get('consequence.creationFail.hold') ?? kinds;
  const creations = evaluations.filter(
    (e): e is CreationEvaluation =>
      (e.kind === 'CREATION' || e.kind === 'SECOND_EVALUATION') && (e as CreationEvaluation).status !== 'CANCELLED',
  );
  // oldest first: the last one is the one that counts
  const latest = creations.at(-1);
  const what = latest && `${latest.year} 年${EVALUATION_KINDS[latest.kind]}`;
  const [passed, reason] = !latest
    ? [false, '尚未进行创建评估，创建评估合格后方可授牌']
    : latest.status === 'PENDING'
      ? [false, `${what}尚未出结果，评估合格后方可授牌`]
      : latest.result === 'FAIL'
        ? [false, `${what}不合格，暂缓授牌，待二次评估合格后授牌`]
        : [true, `${what}${GRADES[latest.result!]}，可以授牌`];
  return [rules.verdict(rule.code, rule.seed, passed, `${reason}（${rule.seed}：${rule.text}）`)];
}
