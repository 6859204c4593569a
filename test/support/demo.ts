import { demoWorld } from '../../demo/world.ts';
import { TEST_TODAY } from './hub.ts';

/** The demo as every test hub loads it: on TEST_TODAY, the day the test hubs are pinned to. */
export const { schools, teachers, honors, studios, evaluations, allocations } = demoWorld(TEST_TODAY);
export { demoId } from '../../demo/world.ts';
