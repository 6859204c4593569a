import { Migration } from '@mikro-orm/migrations';

const REGION = "check (region_code ~ '^[0-9]{6}$')";

/**
 * Evaluations in depth: the evaluating office, criteria and scores, the day a result was recorded, rectification
 * opinions (整改意见, 000 五.3) and members' semester ratings (优秀/良好, 002 方案2 五(四)3).
 */
export class Migration20261123020000_depth extends Migration {
  override up(): void {
    this.addSql(`alter table evaluation
      add column evaluator_region_code varchar(6),
      add column evaluator_level text,
      add column completed_on date`);
    // Who evaluated the rows recorded so far is not known. Backfill as `defaultEvaluatingOffice` decides for new
    // rows: the annual assessment by the studio's county (000 五.2), every other evaluation by the studio's city
    // (000 五.1); a studio of a city- or province-run school (region code ending in 00) by that city or province.
    this.addSql(`update evaluation set evaluator_region_code =
      case when kind = 'ANNUAL' or region_code like '____00' then region_code else substr(region_code, 1, 4) || '00' end`);
    this.addSql(`update evaluation set evaluator_level =
      case when evaluator_region_code like '__0000' then 'PROVINCE'
           when evaluator_region_code like '____00' then 'CITY' else 'COUNTY' end`);
    // the day a result was recorded: for results recorded so far, the day the row last changed is the best known
    this.addSql(`update evaluation set completed_on = updated_at::date where status = 'COMPLETED'`);
    this.addSql(`alter table evaluation
      alter column evaluator_region_code set not null,
      alter column evaluator_level set not null,
      add constraint evaluation_evaluator_region_check check (evaluator_region_code ~ '^[0-9]{6}$'),
      add constraint evaluation_evaluator_level_check check (evaluator_level in ('PROVINCE', 'CITY', 'COUNTY')),
      add constraint evaluation_completed_on_check check (completed_on is null or status = 'COMPLETED')`);

    this.addSql(`create table evaluation_score (
      id uuid primary key,
      evaluation_id uuid not null references evaluation (id),
      position int not null,
      criterion text not null check (length(btrim(criterion)) between 1 and 100),
      max_score int not null check (max_score > 0),
      score int not null check (score between 0 and max_score),
      constraint evaluation_score_criterion_key unique (evaluation_id, criterion)
    )`);

    this.addSql(`create table evaluation_rectification (
      id uuid primary key,
      evaluation_id uuid not null references evaluation (id),
      studio_id uuid not null,
      region_code varchar(6) not null ${REGION},
      host_school_id uuid,
      opinion text not null check (length(btrim(opinion)) between 1 and 2000),
      deadline date not null,
      created_by text not null,
      resolved_at timestamptz,
      resolved_by text,
      note text,
      version int not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check ((resolved_at is null) = (resolved_by is null) and (resolved_at is null) = (note is null))
    )`);
    this.addSql('create index evaluation_rectification_evaluation_idx on evaluation_rectification (evaluation_id)');
    this.addSql('create index evaluation_rectification_studio_idx on evaluation_rectification (studio_id, deadline)');

    this.addSql(`create table member_rating (
      id uuid primary key,
      studio_id uuid not null,
      teacher_id uuid not null,
      semester varchar(11) not null check (semester ~ '^[0-9]{4}-[0-9]{4}-[12]$'),
      rating text not null check (rating in ('EXCELLENT', 'GOOD')),
      rated_by text not null,
      region_code varchar(6) not null ${REGION},
      host_school_id uuid,
      version int not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint member_rating_studio_teacher_semester_key unique (studio_id, teacher_id, semester)
    )`);
    this.addSql('create index member_rating_region_idx on member_rating (region_code text_pattern_ops, semester)');
  }
}
