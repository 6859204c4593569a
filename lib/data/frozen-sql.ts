/**
 * SQL that several subgraphs' migrations run, frozen on the day each was written. A migration never changes, so
 * neither does anything here: a new shape of these tables is a new constant with a new date, used by a new
 * migration. `test/migrations.test.ts` pins every constant by its SHA-256 and fails on any edit. Migrations may
 * import MikroORM and this file, nothing else of the project's.
 */

/** The audit trail of a subgraph's changes (lib/data/audit.ts), as created on 2026-11-22. */
export const AUDIT_TABLE_20261122 = [
  'create table audit_entry (\n    id uuid primary key,\n    at timestamptz(3) not null,\n    actor text not null,\n    actor_level text not null,\n    actor_region varchar(6) not null,\n    action text not null,\n    entity text not null,\n    entity_id text not null,\n    region_code varchar(6) not null,\n    host_school_id uuid,\n    summary text not null,\n    before jsonb,\n    after jsonb\n  )',
  'create index audit_entry_region_idx on audit_entry (region_code text_pattern_ops, at)',
  'create index audit_entry_entity_idx on audit_entry (entity, entity_id, at)',
] as const;

/** The outbox a producing subgraph publishes events through (lib/events/outbox.ts), as created on 2026-11-22. */
export const OUTBOX_TABLE_20261122 = [
  'create table outbox_event (\n    id uuid primary key,\n    topic text not null,\n    payload jsonb not null,\n    created_at timestamptz(3) not null,\n    delivered_at timestamptz(3),\n    attempts int not null default 0,\n    next_attempt_at timestamptz(3) not null,\n    last_error text\n  )',
  'create index outbox_event_pending_idx on outbox_event (next_attempt_at) where delivered_at is null',
] as const;

/** The inbox a consuming subgraph applies each event once through (lib/events/outbox.ts), as created on 2026-11-22. */
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

/**
 * What each commit touched, for the gateway's answer cache (issue 23, lib/data/data-changes.ts), as added on 2026-12-07.
 * A statement-level trigger on every table (attached by `ensureChangeTriggers`) records, for every row it wrote, the
 * keys `at:<its region>`, `in:<its region and each region above it, up to the nation 100000>` and `id:<each id>`,
 * with the writing transaction's id; a table's region is the SQL expression over its row `r` listed in
 * `hub_change_region` (none: `at:100000`, which every answer depends on). A kept answer is fresh while no key it
 * depends on was written by a transaction its snapshot did not see.
 */
export const CHANGE_LOG_20261207 = [
  'create table hub_change_region (\n    table_name text primary key,\n    region text not null\n  )',
  'create table hub_data_change (\n    key text not null,\n    xid xid8 not null,\n    primary key (key, xid)\n  )',
  'create index hub_data_change_xid_idx on hub_data_change (xid)',
  `create function hub_record_change() returns trigger language plpgsql as $fn$
declare
  source text;
begin
  if tg_op = 'TRUNCATE' then
    execute format('insert into %I.hub_data_change (key, xid) values (''at:100000'', pg_current_xact_id()) on conflict do nothing', tg_table_schema);
    return null;
  end if;
  foreach source in array case tg_op when 'INSERT' then array['new_rows'] when 'DELETE' then array['old_rows'] else array['old_rows', 'new_rows'] end loop
    execute format(
      'insert into %I.hub_data_change (key, xid)
         select distinct k.key, pg_current_xact_id()
           from (select %s as c, to_jsonb(r) as j from %I r) x,
           lateral (
             select ''at:'' || coalesce(x.c, ''100000'') as key
             union all
             select ''in:'' || p from unnest(array[''100000'', left(x.c, 2) || ''0000'', left(x.c, 4) || ''00'', x.c]) p
              where x.c is not null
             union all
             select ''id:'' || e.value from jsonb_each_text(x.j) e
              where (e.key = ''id'' or e.key like ''%%\\_id'') and e.value is not null
           ) k
         on conflict do nothing',
      tg_table_schema, coalesce(tg_argv[0], 'null::text'), source);
  end loop;
  return null;
end $fn$`,
] as const;
