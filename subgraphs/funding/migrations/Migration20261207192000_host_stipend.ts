import { Migration } from '@mikro-orm/migrations';

/**
 * 004 方案9 四.3 "主持人享受相应的工作补助": an allocation may be the host's work stipend (funding.hostStipend), kept
 * apart from the studio's grants, which the standard caps and expenditures draw on.
 */
export class Migration20261207192000_host_stipend extends Migration {
  override up(): void {
    this.addSql('alter table allocation add column stipend boolean not null default false');
  }
}
