import { readdirSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { OFFICE_LEVELS, STUDIO_LEVELS, zodEnum, type LocalLevel, type StudioLevel } from '../../../lib/domain/vocabulary.ts';
import type { RuleCode } from './rules.ts';

/**
 * The programmes of the seed documents, as data: one JSON file per programme in `programmes/`, in the shape an office
 * imports with `npm run import -- policy file.json` (policyId, title, batch, effectiveFrom, rules: [{ code, value,
 * clause, text }]), plus `seeded`: what the hub knows of the issuing office that the import takes from the token
 * (region, level), the studio level, the end of the programme's window and the clause that dates it, the seed files it transcribes and notes
 * on how a clause is read. Every rule cites its seed file and section (000 = 000_29b044b2cb73ed25.txt … 004 =
 * 004_9198d46bf7469915.txt); where a seed states no number the programme has no rule rather than a guessed one.
 * docs/policy-guide.md maps every clause to its rule code or says why it is not checkable.
 */
export interface SeededPolicy {
  id: string;
  name: string;
  issuingRegionCode: string;
  issuingLevel: LocalLevel;
  studioLevel: StudioLevel;
  batch: string | null;
  /** As the seed dates it; null where it does not. */
  effectiveFrom: string | null;
  effectiveTo: string | null;
  /** The clause that dates the window, with its words (条款：原文), where the seed dates it. */
  window: string | null;
  sources: string;
  rules: [code: RuleCode, value: unknown, seed: string, text: string][];
}

const ProgrammeFile = z.object({
  policyId: z.string(),
  title: z.string(),
  batch: z.string().nullable(),
  effectiveFrom: z.string().nullable(),
  seeded: z.object({
    issuingRegionCode: z.string().length(6),
    issuingLevel: zodEnum(OFFICE_LEVELS).exclude(['NATION']),
    studioLevel: zodEnum(STUDIO_LEVELS),
    effectiveTo: z.string().nullable(),
    window: z.string().min(1).optional(),
    sources: z.string(),
    readings: z.record(z.string(), z.string()).optional(),
  }),
  rules: z.array(z.object({ code: z.string(), value: z.unknown(), clause: z.string().min(1), text: z.string() })),
});

export const PROGRAMMES_DIR = new URL('./programmes/', import.meta.url);

/** Every programme file of the folder, checked; the sync (sync.ts) checks each value against its code. */
export function loadProgrammes(dir: URL = PROGRAMMES_DIR): SeededPolicy[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => {
      const file = ProgrammeFile.parse(JSON.parse(readFileSync(new URL(name, dir), 'utf8')));
      return {
        id: file.policyId,
        name: file.title,
        batch: file.batch,
        effectiveFrom: file.effectiveFrom,
        issuingRegionCode: file.seeded.issuingRegionCode,
        issuingLevel: file.seeded.issuingLevel,
        studioLevel: file.seeded.studioLevel,
        effectiveTo: file.seeded.effectiveTo,
        window: file.seeded.window ?? null,
        sources: file.seeded.sources,
        rules: file.rules.map((r) => [r.code as RuleCode, r.value, r.clause, r.text]),
      };
    });
}

export const SEEDED_POLICIES: SeededPolicy[] = loadProgrammes();
