import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import type { SubgraphName } from '../service/config.ts';
import { EVALUATION_KINDS, GRADES, zodEnum } from '../domain/vocabulary.ts';

/**
 * The events that cross subgraphs (lib/events/outbox.ts) as one typed contract: per topic, who publishes it, who
 * receives it, a zod schema of its payload and the payload field its events are ordered by. `publish()` takes only a topic's payload type and checks it,
 * the relay's subscriptions come from `consumers`, each consumer's handlers are typed by `HandlersOf<…>`, and
 * `POST /events` refuses a payload its schema does not accept. Payloads are plain JSON: ids, codes, years and
 * Chinese reasons.
 */

// ids as the hub writes them (8-4-4-4-12 hex digits), region codes as GB/T 2260 writes them
const id = z.guid();
const regionCode = z.string().regex(/^\d{6}$/);
const year = z.number().int().min(1900).max(2200);
const count = z.number().int().min(0);

/**
 * The payload fields a topic may be ordered by, in the order the outbox's key index reads them (`outbox_event_key_idx`,
 * lib/data/frozen-sql.ts OUTBOX_PARKING_20261202: the first of them a payload holds, else the event's id). A topic's
 * payload holds none listed before its own, so the index finds each key's events (test/outbox-relay.test.ts).
 */
export const ORDERING_FIELDS = ['studioId', 'teacherId'] as const;

interface Contract {
  publisher: SubgraphName;
  consumers: readonly SubgraphName[];
  payload: z.ZodObject;
  /**
   * The payload field whose value is the topic's ordering key: the events of one key, whatever their topic, reach
   * each consumer in the order they were published; events of different keys may go out side by side.
   */
  orderedBy: (typeof ORDERING_FIELDS)[number];
}

/** A topic's contract, its ordering key checked to be a field of its payload (else `orderedBy` does not compile). */
const topic = <const P extends z.ZodObject, const C extends Omit<Contract, 'payload' | 'orderedBy'>>(
  contract: C & { payload: P; orderedBy: keyof P['shape'] & Contract['orderedBy'] },
) => contract;

export const TOPICS = {
  /** A teacher moved school (000 五.6); studios follows its hosts or revokes their studios. */
  'personnel.teacherTransferred': topic({
    publisher: 'personnel',
    consumers: ['studios'],
    payload: z.object({
      transferId: id,
      teacherId: id,
      fromSchoolId: id,
      toSchoolId: id,
      fromRegionCode: regionCode,
      toRegionCode: regionCode,
      movedOn: z.iso.date(),
    }),
    orderedBy: 'teacherId',
  }),
  /** A result was recorded; the studios subgraph applies the policy's consequence. */
  'evaluations.evaluationCompleted': topic({
    publisher: 'evaluations',
    consumers: ['studios'],
    payload: z.object({
      evaluationId: id,
      studioId: id,
      kind: zodEnum(EVALUATION_KINDS),
      year,
      result: zodEnum(GRADES),
      /** Failed creation evaluations, the 二次评估 included. */
      creationFails: count,
      annualFails: count,
      /** Failed annual assessments in a row, ending with this one. */
      consecutiveAnnualFails: count,
    }),
    orderedBy: 'studioId',
  }),
  /**
   * A member was rated 不合格 under a policy whose member rating says such a member leaves (member.rating
   * `failLeaves`: 考核不合格者调整出, 004 方案8 八(一), 方案9 四.2); studios ends the membership.
   */
  'evaluations.memberFailed': topic({
    publisher: 'evaluations',
    consumers: ['studios'],
    payload: z.object({ ratingId: id, studioId: id, teacherId: id, semester: z.string().min(1) }),
    orderedBy: 'studioId',
  }),
  /**
   * A consequence withheld a year's funds or stopped them, and funding refuses money then; or a passed annual
   * assessment arranged the next year's (ARRANGE, 004 方案8 八(一)).
   */
  'studios.fundingConsequence': topic({
    publisher: 'studios',
    consumers: ['funding'],
    payload: z.object({
      studioId: id,
      regionCode,
      hostSchoolId: id,
      action: z.enum(['WITHHOLD', 'STOP', 'ARRANGE']),
      fromYear: year,
      /** The last year affected; null for a stop. */
      toYear: year.nullable(),
      reason: z.string().min(1),
      evaluationId: id.nullable(),
    }),
    orderedBy: 'studioId',
  }),
};

export type Topic = keyof typeof TOPICS;
export type PayloadOf<T extends Topic> = z.infer<(typeof TOPICS)[T]['payload']>;
export type EvaluationCompleted = PayloadOf<'evaluations.evaluationCompleted'>;
export type MemberFailed = PayloadOf<'evaluations.memberFailed'>;
export type FundingConsequence = PayloadOf<'studios.fundingConsequence'>;
export type TeacherTransferred = PayloadOf<'personnel.teacherTransferred'>;

export interface Event<T extends Topic = Topic> {
  id: string;
  topic: T;
  payload: PayloadOf<T>;
}

export type EventHandler<T extends Topic> = (em: EntityManager, event: Event<T>) => Promise<void>;

/** The topics a subgraph receives. */
export type TopicsFor<S extends SubgraphName> = {
  [T in Topic]: S extends (typeof TOPICS)[T]['consumers'][number] ? T : never;
}[Topic];

/** A subgraph's handlers: one for each topic it receives, no more. */
export type HandlersOf<S extends SubgraphName> = { [T in TopicsFor<S>]: EventHandler<T> };

/** Any subgraph's handlers, as the events route holds them. */
export type Handlers = { [T in Topic]?: EventHandler<T> };

export const isTopic = (topic: string): topic is Topic => Object.hasOwn(TOPICS, topic);

/** Which subgraphs receive which topics. */
export const SUBSCRIPTIONS = Object.fromEntries(
  Object.entries(TOPICS).map(([topic, contract]) => [topic, [...contract.consumers]]),
) as Record<Topic, SubgraphName[]>;

/** The topics a subgraph publishes (it runs a relay when there are any) and those it must handle. */
export const publishedBy = (subgraph: SubgraphName) =>
  (Object.keys(TOPICS) as Topic[]).filter((t) => TOPICS[t].publisher === subgraph);
export const consumedBy = (subgraph: SubgraphName) =>
  (Object.keys(TOPICS) as Topic[]).filter((t) => (TOPICS[t].consumers as readonly SubgraphName[]).includes(subgraph));

/** A payload as its topic's schema reads it, or the schema's complaint. */
export const readPayload = <T extends Topic>(topic: T, payload: unknown) =>
  (TOPICS[topic].payload as unknown as z.ZodType<PayloadOf<T>>).safeParse(payload);
