import { Migration } from '@mikro-orm/migrations';

/**
 * 镇级 (TOWN), between 县级 and 校级, among the levels an honour, a research project and a paper may have (004 方案10
 * 四.3 镇级或以上主题展示活动; 二 经中心校考查研究后确定为镇级名师工作室).
 */
export class Migration20261208020000_town_level extends Migration {
  override up(): void {
    const levels = `'NATIONAL', 'PROVINCIAL', 'MUNICIPAL', 'COUNTY', 'TOWN', 'SCHOOL'`;
    for (const table of ['teacher_honor', 'teacher_research', 'teacher_publication']) {
      this.addSql(`alter table ${table} drop constraint ${table}_level_check`);
      this.addSql(`alter table ${table} add constraint ${table}_level_check check (level in (${levels}))`);
    }
  }
}
