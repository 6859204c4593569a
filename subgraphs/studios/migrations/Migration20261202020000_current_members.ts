import { Migration } from '@mikro-orm/migrations';

/** Current members of a studio, counted from the index alone (memberCount, region and rollup figures). */
export class Migration20261202020000_current_members extends Migration {
  override up(): void {
    this.addSql('create index studio_member_current_idx on studio_member (studio_id) where left_on is null');
  }
}
