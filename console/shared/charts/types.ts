/** Plain data the charts, the summary and the exports share. No Node imports. */
import type { Fields } from '../../../protocol/src/index.js';

/** One telemetry frame's fields (TLM keys of PROTOCOL.md §11), as the catalogue defines them. */
export type TlmPoint = Fields<'TLM'>;

/** One pen event (EVT fields) as recorded. */
export interface EventRecord {
  t: number;
  ev: string;
  st?: string;
  code?: string;
  id?: string;
  area?: string;
  n?: number;
  on?: number;
  msg?: string;
}

/** Depth tolerance the pen enforces once settled (SR-05): the band drawn around the setpoint. */
export const DEPTH_TOLERANCE_UM = 150;
/** Recommended passes per treatment area (DESIGN §1). */
export const RECOMMENDED_PASSES = { min: 2, max: 4 } as const;
/** Window lengths the charts offer, ms. */
export const WINDOW_CHOICES_MS = [10_000, 30_000, 60_000, 300_000] as const;
/** Default chart window (30 s). */
export const DEFAULT_WINDOW_MS = 30_000;
