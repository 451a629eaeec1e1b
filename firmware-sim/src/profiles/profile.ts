/**
 * Treatment-area profiles: the depth table of DESIGN section 1 as versioned
 * data. The pen reports the loaded profile's name, version and hash in INFO so
 * a host can tell exactly which table the firmware enforces (SR-02).
 */
import { createHash } from 'node:crypto';
import { CATALOGUE } from '../../../protocol/src/index.js';
import defaultProfile from './default.json' with { type: 'json' };
import trainingProfile from './training.json' with { type: 'json' };

/** One treatment area: recommended range and hard cap, in µm. */
export interface AreaRow {
  area: string;
  name: string;
  lo: number;
  hi: number;
  cap: number;
}

/** A loaded, validated profile with its hash. */
export interface Profile {
  name: string;
  version: number;
  title: string;
  rows: AreaRow[];
  /** 8 upper-case hex: SHA-256 of the canonical JSON of name, version and rows. */
  hash: string;
}

/** The hardware depth ceiling (µm); no profile may exceed it. */
export const HARD_CEILING_UM = 2500;

const TOKEN = /^[A-Z0-9_.-]{1,16}$/;
/** A profile name must fit INFO `profile=` (and ENG_PROFILE `name=`). */
const NAME_MAX = CATALOGUE.INFO.keys.profile.maxLen;
const NAME = new RegExp(`^[A-Z0-9_.-]{1,${NAME_MAX}}$`);

/** Validate raw JSON as a profile; returns the profile or the reason it is not one. */
export function parseProfile(raw: unknown): { ok: true; profile: Profile } | { ok: false; error: string } {
  if (typeof raw !== 'object' || raw === null) return { ok: false, error: 'not an object' };
  const r = raw as Record<string, unknown>;
  if (typeof r['name'] !== 'string' || !NAME.test(r['name'])) return { ok: false, error: `name must be a token of 1..${NAME_MAX} [A-Z0-9_.-]` };
  if (!Number.isInteger(r['version']) || (r['version'] as number) < 0 || (r['version'] as number) > 65535) {
    return { ok: false, error: 'version must be an integer 0..65535' };
  }
  if (!Array.isArray(r['rows']) || r['rows'].length < 1 || r['rows'].length > 64) return { ok: false, error: 'rows must be 1..64 entries' };
  const rows: AreaRow[] = [];
  const seen = new Set<string>();
  for (const [i, row] of (r['rows'] as unknown[]).entries()) {
    const o = row as Record<string, unknown>;
    const area = o['area'];
    if (typeof area !== 'string' || !TOKEN.test(area) || seen.has(area)) return { ok: false, error: `row ${i}: bad or duplicate area` };
    const nums = ['lo', 'hi', 'cap'].map((k) => o[k]);
    if (!nums.every((n) => Number.isInteger(n))) return { ok: false, error: `row ${i}: lo/hi/cap must be integers (µm)` };
    const [lo, hi, cap] = nums as [number, number, number];
    if (!(lo >= 250 && lo <= hi && hi <= cap && cap <= HARD_CEILING_UM) || [lo, hi, cap].some((n) => n % 50 !== 0)) {
      return { ok: false, error: `row ${i}: need 250 <= lo <= hi <= cap <= ${HARD_CEILING_UM}, multiples of 50` };
    }
    const name = typeof o['name'] === 'string' ? o['name'].slice(0, 48) : area;
    seen.add(area);
    rows.push({ area, name, lo, hi, cap });
  }
  const base = { name: r['name'], version: r['version'] as number, rows };
  const hash = createHash('sha256').update(JSON.stringify(base)).digest('hex').slice(0, 8).toUpperCase();
  const title = typeof r['title'] === 'string' ? r['title'] : '';
  return { ok: true, profile: { ...base, title, hash } };
}

function mustParse(raw: unknown): Profile {
  const r = parseProfile(raw);
  if (!r.ok) throw new Error(`built-in profile is invalid: ${r.error}`);
  return r.profile;
}

/** Profiles stored on the pen, by name (ENG_PROFILE selects one, SR-17). */
export const STORED_PROFILES: ReadonlyMap<string, Profile> = new Map(
  [mustParse(defaultProfile), mustParse(trainingProfile)].map((p) => [p.name, p]),
);

/** The profile loaded at power-on. */
export const DEFAULT_PROFILE: Profile = STORED_PROFILES.get('DEFAULT')!;

/** The row of an area, or undefined. */
export function areaRow(profile: Profile, area: string | null): AreaRow | undefined {
  return area === null ? undefined : profile.rows.find((r) => r.area === area);
}
