import { OptimisticLockError, UniqueConstraintViolationException } from '@mikro-orm/core';
import { userError } from '../graphql/errors.ts';

/**
 * Optimistic concurrency, the same for every change: a change based on a version older than the stored one is
 * refused with CONFLICT (never a lost update), and so is one that loses a race at commit.
 */
export function assertVersion(what: string, read: number, current: number): void {
  if (read !== current) {
    throw userError('CONFLICT', `该${what}已被他人修改（您读到的是第 ${read} 版，现为第 ${current} 版），请刷新后重试`, {
      currentVersion: current,
    });
  }
}

export async function guardConflicts<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof OptimisticLockError) throw userError('CONFLICT', `该${what}刚被他人修改，请刷新后重试`);
    // the same thing created twice at once: one wins, the other is told
    if (error instanceof UniqueConstraintViolationException) throw userError('CONFLICT', `该${what}刚被他人办理，请刷新后查看`);
    throw error;
  }
}
