import { Migration } from '@mikro-orm/migrations';

/**
 * A paper's level (刊物级别: the journal's, 省级 and above), for the host rule on papers and monographs (001 五(一)3
 * 发表过省级（含省级）相关学术论文或出版过个人学术专著); a monograph has none, and papers recorded before have none yet.
 */
export class Migration20261207210000_publication_level extends Migration {
  override up(): void {
    this.addSql(`alter table teacher_publication add column level text
      check (level in ('NATIONAL', 'PROVINCIAL', 'MUNICIPAL', 'COUNTY', 'SCHOOL'))`);
    this.addSql(
      'alter table teacher_publication add constraint teacher_publication_monograph_level check (not (monograph and level is not null))',
    );
  }
}
