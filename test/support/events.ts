import type { TestHub } from './hub.ts';

/** Reads until `check` holds or `ms` pass, and returns the last value read (the assertion comes after). */
export async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (check(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** Events a subgraph has published but not yet delivered. */
export const undelivered = async (hub: TestHub, subgraph: 'evaluations' | 'studios' | 'personnel' = 'evaluations') =>
  Number(
    (
      await hub.subgraphs[subgraph]!.orm.orm.em.getConnection().execute<{ n: string }[]>(
        'select count(*) as n from outbox_event where delivered_at is null',
      )
    )[0]!.n,
  );

/** Waits until a subgraph has `count` events not yet delivered, or `ms` pass; returns how many it has then. */
export const undeliveredSettles = (
  hub: TestHub,
  count: number,
  subgraph: 'evaluations' | 'studios' | 'personnel' = 'evaluations',
  ms?: number,
) =>
  eventually(
    () => undelivered(hub, subgraph),
    (n) => n === count,
    ms,
  );
