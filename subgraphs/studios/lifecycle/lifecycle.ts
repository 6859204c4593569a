import { STUDIO_STATUSES, type StudioStatus } from '../../../lib/domain/vocabulary.ts';

/**
 * The studio lifecycle (DOMAIN: Studio; 000, 003, 004 方案6): application 申报 → review 评审 → publicity 公示
 * (one week, 004 方案6) → plaque 授牌 → running → completed, renewed or revoked. A failed creation evaluation
 * puts it on hold 暂缓授牌 until its 二次评估 (000); Shenzhen warns with a yellow card 黄牌 (003). REVOKED is final.
 */
export const TRANSITIONS: Record<StudioStatus, StudioStatus[]> = {
  APPLIED: ['UNDER_REVIEW', 'REVOKED'],
  UNDER_REVIEW: ['IN_PUBLICITY', 'ON_HOLD', 'REVOKED'],
  // a creation evaluation failed during 公示, or in a running studio's first year, defers the plaque (000 五.3)
  IN_PUBLICITY: ['ESTABLISHED', 'UNDER_REVIEW', 'ON_HOLD', 'REVOKED'],
  ESTABLISHED: ['RUNNING', 'ON_HOLD', 'REVOKED'],
  RUNNING: ['WARNED', 'ON_HOLD', 'COMPLETED', 'REVOKED'],
  ON_HOLD: ['ESTABLISHED', 'REVOKED'],
  WARNED: ['RUNNING', 'COMPLETED', 'REVOKED'],
  COMPLETED: ['RENEWED'],
  RENEWED: ['RUNNING', 'REVOKED'],
  REVOKED: [],
};

export const STATUS_NAMES: Record<StudioStatus, string> = STUDIO_STATUSES;

export const isLegal = (from: StudioStatus, to: StudioStatus) => TRANSITIONS[from].includes(to);
