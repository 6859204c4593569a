import { Migration } from '@mikro-orm/migrations';

/**
 * A version carries the title and issuer it gives its policy (issue 22.3): a draft's new title waits with the draft
 * and becomes the policy's when the version is published, so nothing of a draft shows on a published policy.
 */
export class Migration20261207120000_version_title extends Migration {
  override up(): void {
    this.addSql('alter table policy_version add column title text');
    this.addSql('alter table policy_version add column issuer text');
  }
}
