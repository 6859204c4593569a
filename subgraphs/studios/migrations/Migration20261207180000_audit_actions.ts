import { Migration } from '@mikro-orm/migrations';

/**
 * Audit actions are codes of one vocabulary (lib/data/audit.ts AUDIT_ACTIONS): a studio revoked when its host left the
 * county was written as `revokeStudio` before that went through the consequences, which write `consequence`.
 */
export class Migration20261207180000_audit_actions extends Migration {
  override up(): void {
    this.addSql(`update audit_entry set action = 'consequence' where action = 'revokeStudio'`);
  }
}
