import { Migration } from '@mikro-orm/migrations';

/** Consequences a studio's lifecycle could not take (000 五.3 暂缓授牌 and the like), kept where offices see them. */
export class Migration20261202010000_unapplied_consequences extends Migration {
  override up(): void {
    this.addSql(`create table studio_unapplied_consequence (
      id uuid primary key,
      studio_id uuid not null references studio (id),
      region_code varchar(6) not null,
      host_school_id uuid not null,
      evaluation_id uuid,
      status text not null,
      wanted text not null,
      reason text not null,
      at timestamptz not null
    )`);
    this.addSql('create index studio_unapplied_consequence_studio on studio_unapplied_consequence (studio_id)');
    this.addSql(
      'create index studio_unapplied_consequence_region on studio_unapplied_consequence (region_code text_pattern_ops)',
    );
    this.addSql('create index studio_unapplied_consequence_evaluation on studio_unapplied_consequence (evaluation_id)');
  }
}
