import { readdirSync, readFileSync } from 'node:fs';

/** The integration contract, which dashboards and integrations depend on: the project's own operations/contract/. */
export const CONTRACT_DIR = new URL('../../operations/contract/', import.meta.url);

export function contractOperation(name: string): string {
  return readFileSync(new URL(name, CONTRACT_DIR), 'utf8');
}

export function contractOperations(): { file: string; text: string }[] {
  return readdirSync(CONTRACT_DIR)
    .filter((f) => f.endsWith('.graphql'))
    .map((file) => ({ file, text: readFileSync(new URL(file, CONTRACT_DIR), 'utf8') }));
}

declare const resultType: unique symbol;
declare const variablesType: unique symbol;
/**
 * An operation's text that carries the types of its answer and variables (as a TypedDocumentNode does, but sent as
 * written, so a trusted document's hash holds): `hub.query(doc, variables)` checks the variables and types `data`.
 */
export type TypedDocument<Result, Variables = Record<string, unknown>> = string & {
  readonly [resultType]?: Result;
  readonly [variablesType]?: Variables;
};
const typed = <Result, Variables>(name: string) => contractOperation(name) as TypedDocument<Result, Variables>;

type Money = string;
interface RegionRef {
  code: string;
  name: string;
}
type ByKey<K extends string> = ({ [k in K]: string } & { count: number })[];

/*
 * The contract operations' answers as the API schema types them when every subgraph answers (a subgraph that is down
 * leaves its figures null, as test/faults.test.ts reads).
 */

/** operations/contract/region-overview.graphql: a region's dashboard for a year. */
export interface RegionOverview {
  region: RegionRef & {
    level: string;
    parent: RegionRef | null;
    studios: { total: number; memberCount: number; byStatus: ByKey<'status'>; byLevel: ByKey<'level'> };
    evaluations: { count: number; studioCount: number; byResult: ByKey<'result'> };
    funding: { allocated: Money; matched: Money; spent: Money; balance: Money; executionRate: number };
    children: (RegionRef & {
      level: string;
      studios: { total: number };
      evaluations: { studioCount: number };
      funding: { allocated: Money; spent: Money };
    })[];
  };
}
export const REGION_OVERVIEW = typed<RegionOverview, { code: string; year: number }>('region-overview.graphql');

/** operations/contract/pending-second-evaluations-by-county.graphql: the headline, county by county. */
export interface PendingSecondEvaluationsByCounty {
  region: RegionRef & {
    level: string;
    descendants: (RegionRef & { parent: RegionRef; evaluations: { studioCount: number } })[];
  };
}
export const PENDING_SECOND_EVALUATIONS = typed<PendingSecondEvaluationsByCounty, { within: string }>(
  'pending-second-evaluations-by-county.graphql',
);

/** operations/contract/studio-page.graphql: a page of studios for incremental sync. */
export interface StudioPage {
  studios: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: {
      cursor: string;
      node: {
        id: string;
        name: string;
        level: string;
        status: string;
        updatedAt: string;
        region: RegionRef;
        host: { id: string; name: string };
        memberCount: number;
        evaluations: { kind: string; year: number; status: string; result: string | null }[];
        funding: { allocated: Money; spent: Money; balance: Money };
      };
    }[];
  };
}
export const STUDIO_PAGE = typed<
  StudioPage,
  { within: string; first: number; after?: string | null; updatedSince?: string | null; year: number }
>('studio-page.graphql');
