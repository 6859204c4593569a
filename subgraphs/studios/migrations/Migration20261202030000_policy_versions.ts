import { Migration } from '@mikro-orm/migrations';

/**
 * Policies in versions (issue 15): a draft an office edits, published versions frozen, each with its effective
 * date; every rule belongs to one version; a studio is bound to the version it was founded under. What was loaded
 * before becomes version 1, published.
 */
export class Migration20261202030000_policy_versions extends Migration {
  override up(): void {
    this.addSql('alter table policy add column issuer text');
    this.addSql('alter table policy add column school_id uuid');
    this.addSql('alter table policy add column template_id text references policy (id)');
    this.addSql(`create table policy_version (
      policy_id text not null references policy (id),
      number int not null check (number >= 1),
      status text not null check (status in ('DRAFT', 'PUBLISHED')),
      document_number text,
      effective_from date,
      note text,
      drafted_by text not null,
      drafted_at timestamptz(3) not null,
      published_by text,
      published_at timestamptz(3),
      primary key (policy_id, number),
      check ((status = 'PUBLISHED') = (published_at is not null))
    )`);
    this.addSql(`create unique index policy_version_one_draft on policy_version (policy_id) where status = 'DRAFT'`);
    this
      .addSql(`insert into policy_version (policy_id, number, status, effective_from, drafted_by, drafted_at, published_by, published_at)
      select id, 1, 'PUBLISHED', effective_from, 'migration', now(), 'migration', now() from policy`);
    this.addSql('alter table policy_rule add column version int not null default 1');
    this.addSql('alter table policy_rule alter column version drop default');
    this.addSql('alter table policy_rule drop constraint policy_rule_pkey');
    this.addSql('alter table policy_rule add primary key (policy_id, version, code)');
    this.addSql(
      'alter table policy_rule add constraint policy_rule_version_fk foreign key (policy_id, version) references policy_version (policy_id, number)',
    );
    this.addSql('alter table studio add column policy_version int not null default 1');
    this.addSql('alter table studio alter column policy_version drop default');
    this.addSql(
      'alter table studio add constraint studio_policy_version_fk foreign key (policy_id, policy_version) references policy_version (policy_id, number)',
    );
  }
}
