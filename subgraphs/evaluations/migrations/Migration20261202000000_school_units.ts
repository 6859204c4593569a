import { Migration } from '@mikro-orm/migrations';

/**
 * 000 五.2 "各县(市、区）教体局、局属学校……将考核结果上报市教育体育局": a city-run school (局属学校) reports its own
 * annual results to the city. A submission's unit is a county (school_id null, a county-level code) or a city-run
 * school (its school id, under its city's code).
 */
export class Migration20261202000000_school_units extends Migration {
  override up(): void {
    this.addSql('alter table annual_submission add column school_id uuid');
    this.addSql('alter table annual_submission drop constraint annual_submission_region_code_check');
    this.addSql(`alter table annual_submission add constraint annual_submission_unit_check check (
      (school_id is null and region_code ~ '^[0-9]{4}([1-9][0-9]|0[1-9])$')
      or (school_id is not null and region_code ~ '^[0-9]{2}([1-9][0-9]|0[1-9])00$'))`);
    this.addSql('alter table annual_submission drop constraint annual_submission_region_year_key');
    this.addSql(`alter table annual_submission add constraint annual_submission_unit_year_key
      unique nulls not distinct (region_code, school_id, year)`);
  }
}
