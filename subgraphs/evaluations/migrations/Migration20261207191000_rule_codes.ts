import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 24: a school evaluates its own studio where its programme says so (evaluation.offices), members are rated
 * on their programme's scale (member.rating: 合格/不合格 too), and a commendation due under the programme
 * (commendation.studio, commendation.member) is kept with the result, naming its clause; an evaluation keeps the
 * commendation rule its studio's programme had for it when it was scheduled, so a result is recorded without asking.
 */
export class Migration20261207191000_rule_codes extends Migration {
  override up(): void {
    this.addSql(`alter table evaluation drop constraint evaluation_evaluator_level_check,
      add constraint evaluation_evaluator_level_check check (evaluator_level in ('PROVINCE', 'CITY', 'COUNTY', 'SCHOOL')),
      add column commendation_rule jsonb,
      add column commendation_seed text,
      add column commendation_text text,
      add constraint evaluation_commendation_check check ((commendation_seed is null) = (commendation_text is null))`);
    this.addSql(`alter table member_rating drop constraint member_rating_rating_check,
      add constraint member_rating_rating_check check (rating in ('EXCELLENT', 'GOOD', 'PASS', 'FAIL')),
      add column commendation_seed text,
      add column commendation_text text,
      add constraint member_rating_commendation_check check ((commendation_seed is null) = (commendation_text is null))`);
  }
}
