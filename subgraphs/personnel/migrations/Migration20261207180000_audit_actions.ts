import { Migration } from '@mikro-orm/migrations';

/**
 * Audit actions are codes of one vocabulary (lib/data/audit.ts AUDIT_ACTIONS): the changes to a teacher's record were
 * written with their Chinese label as the action until now, and get the code (the label is served beside it).
 */
export class Migration20261207180000_audit_actions extends Migration {
  override up(): void {
    this.addSql(`update audit_entry set action = case action
        when '修改教师信息' then 'updateTeacher'
        when '记录荣誉' then 'addHonor'
        when '记录课题' then 'addResearchProject'
        else 'addPublication' end
      where action in ('修改教师信息', '记录荣誉', '记录课题', '记录论文', '记录论文或专著')`);
  }
}
