import { demoWorld } from '../../demo/world.ts';
import { TEST_TODAY } from './hub.ts';

/** The demo as every test hub loads it: on TEST_TODAY, the day the test hubs are pinned to. */
export const { schools, teachers, honors, studios, evaluations, allocations } = demoWorld(TEST_TODAY);
export { demoId } from '../../demo/world.ts';

type Studio = (typeof studios)[number];

/** The demo studio with these fields, for a test that needs one such; a clear error when the demo has none. */
export function demoStudio(wanted: Partial<Pick<Studio, 'policyId' | 'status' | 'regionCode' | 'level'>>): Studio {
  const found = studios.find((s) => Object.entries(wanted).every(([field, value]) => s[field as keyof Studio] === value));
  if (!found) throw new Error(`the demo has no studio with ${JSON.stringify(wanted)} (demo/world.ts)`);
  return found;
}
