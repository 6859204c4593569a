/**
 * SQL that several subgraphs' migrations run, frozen on the day each was written. A migration never changes, so
 * neither does anything here: a new shape of these tables is a new constant with a new date, used by a new
 * migration. `test/migrations.test.ts` pins every constant by its SHA-256 and fails on any edit. Migrations may
 * import MikroORM and this file, nothing else of the project's.
 */

/** The audit trail of a subgraph's changes (lib/audit.ts), as created on 2026-11-22. */
export const AUDIT_TABLE_20261122 = [
  'create table audit_entry (\n    id uuid primary key,\n    at timestamptz(3) not null,\n    actor text not null,\n    actor_level text not null,\n    actor_region varchar(6) not null,\n    action text not null,\n    entity text not null,\n    entity_id text not null,\n    region_code varchar(6) not null,\n    host_school_id uuid,\n    summary text not null,\n    before jsonb,\n    after jsonb\n  )',
  'create index audit_entry_region_idx on audit_entry (region_code text_pattern_ops, at)',
  'create index audit_entry_entity_idx on audit_entry (entity, entity_id, at)',
] as const;

/** The outbox a producing subgraph publishes events through (lib/outbox.ts), as created on 2026-11-22. */
export const OUTBOX_TABLE_20261122 = [
  'create table outbox_event (\n    id uuid primary key,\n    topic text not null,\n    payload jsonb not null,\n    created_at timestamptz(3) not null,\n    delivered_at timestamptz(3),\n    attempts int not null default 0,\n    next_attempt_at timestamptz(3) not null,\n    last_error text\n  )',
  'create index outbox_event_pending_idx on outbox_event (next_attempt_at) where delivered_at is null',
] as const;

/** The inbox a consuming subgraph applies each event once through (lib/outbox.ts), as created on 2026-11-22. */
export const INBOX_TABLE_20261122 = [
  'create table inbox_event (\n    id uuid primary key,\n    topic text not null,\n    processed_at timestamptz(3) not null\n  )',
] as const;

/** Parking of events that keep failing, and the per-key delivery order (issue 13), as added on 2026-12-02. */
export const OUTBOX_PARKING_20261202 = [
  'alter table outbox_event add column parked_at timestamptz(3)',
  'alter table outbox_event add column seq bigserial',
  "create index outbox_event_key_idx on outbox_event ((coalesce(payload->>'studioId', payload->>'teacherId', id::text)), seq) where delivered_at is null",
] as const;

/** The request id and trace context an event travels with (issue 22.11), as added on 2026-12-07. */
export const OUTBOX_TRACE_20261207 = ['alter table outbox_event add column trace jsonb'] as const;

/**
 * Events a consumer could not apply after OUTBOX_MAX_ATTEMPTS deliveries over NATS, parked for an operator
 * (issue 22.11), as created on 2026-12-07: the event as it came, and when an operator asked for it again.
 */
export const PARKED_RECEIVED_20261207 = [
  'create table parked_event (\n    id uuid primary key,\n    topic text not null,\n    body text not null,\n    attempts int not null,\n    parked_at timestamptz(3) not null,\n    last_error text,\n    retry_at timestamptz(3)\n  )',
] as const;
