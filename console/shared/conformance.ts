/**
 * What a pen declares, checked against the protocol's absolute bounds (PROTOCOL.md
 * §7: a pen MAY be stricter than the catalogue's accepted ranges, never looser;
 * DESIGN §1–2: 2.50 mm ceiling, 50–150 Hz, 43 °C). A pen that claims more is
 * marked non-conforming, and the console never draws its claims as safe.
 * Pure and browser-safe.
 */
import type { AreaRow, CartInfo, DeviceInfo, TlmSample } from './pen-api.js';

/** The protocol's absolute bounds. */
export const PROTOCOL_BOUNDS = {
  depthMinUm: 250,
  /** The hardware ceiling: nothing may drive the needle deeper. */
  depthMaxUm: 2500,
  depthStepUm: 50,
  depthToleranceUm: 150,
  rateMinHz: 50,
  rateMaxHz: 150,
  tlmMaxHz: 200,
  /** Handpiece surface limit, 0.1 °C (IEC 60601-1 applied part). */
  tempLimitDeciC: 430,
} as const;

/** One way a pen exceeds the protocol: which value (e.g. "INFO dmax") and why, in words. */
export interface ConformanceIssue {
  key: string;
  text: string;
}

const B = PROTOCOL_BOUNDS;
const mm = (um: number) => `${(um / 1000).toFixed(2)} mm`;

function issue(out: ConformanceIssue[], bad: boolean, key: string, text: string): void {
  if (bad) out.push({ key, text });
}

/** INFO: the limits the pen says it enforces. */
export function checkInfo(i: Pick<DeviceInfo, 'dmin' | 'dmax' | 'dstep' | 'rmin' | 'rmax' | 'tmax'>): ConformanceIssue[] {
  const out: ConformanceIssue[] = [];
  issue(out, i.dmax > B.depthMaxUm, 'INFO dmax', `declares depths to ${mm(i.dmax)}, beyond the ${mm(B.depthMaxUm)} hardware ceiling`);
  issue(out, i.dmin < B.depthMinUm, 'INFO dmin', `declares depths from ${mm(i.dmin)}, below the shallowest settable ${mm(B.depthMinUm)}`);
  issue(out, i.dmin > i.dmax, 'INFO dmin>dmax', `declares a depth range from ${mm(i.dmin)} to ${mm(i.dmax)}, which is empty`);
  issue(out, i.dstep <= 0 || i.dstep % B.depthStepUm !== 0, 'INFO dstep', `declares ${i.dstep} µm depth steps; the protocol allows only multiples of ${B.depthStepUm} µm`);
  issue(out, i.rmin < B.rateMinHz, 'INFO rmin', `declares stroke rates from ${i.rmin} Hz, below ${B.rateMinHz} Hz`);
  issue(out, i.rmax > B.rateMaxHz, 'INFO rmax', `declares stroke rates to ${i.rmax} Hz, above ${B.rateMaxHz} Hz`);
  issue(out, i.rmin > i.rmax, 'INFO rmin>rmax', `declares a stroke-rate range from ${i.rmin} to ${i.rmax} Hz, which is empty`);
  issue(out, i.tmax > B.tlmMaxHz, 'INFO tmax', `declares telemetry up to ${i.tmax} Hz, above the protocol's ${B.tlmMaxHz} Hz`);
  return out;
}

/** STATUS: the settings the pen says it has. */
export function checkSettings(s: { um: number; hz: number }): ConformanceIssue[] {
  const out: ConformanceIssue[] = [];
  issue(out, s.um > B.depthMaxUm, 'STATUS um', `reports a depth setpoint of ${mm(s.um)}, beyond the ${mm(B.depthMaxUm)} ceiling`);
  issue(out, s.hz > B.rateMaxHz, 'STATUS hz', `reports a stroke-rate setpoint of ${s.hz} Hz, above ${B.rateMaxHz} Hz`);
  return out;
}

/** AREA rows: each area's recommended range and hard cap. */
export function checkAreas(rows: readonly AreaRow[]): ConformanceIssue[] {
  const out: ConformanceIssue[] = [];
  for (const a of rows) {
    issue(out, a.cap > B.depthMaxUm, `AREA ${a.area} cap`, `gives area ${a.area} a hard cap of ${mm(a.cap)}, beyond the ${mm(B.depthMaxUm)} ceiling`);
    issue(out, a.lo > a.hi || a.hi > a.cap, `AREA ${a.area} range`, `recommends ${mm(a.lo)}–${mm(a.hi)} for area ${a.area} with a hard cap of ${mm(a.cap)}: the recommendation exceeds the cap or is empty`);
  }
  return out;
}

/** CART: the cartridge's rated maximum depth. */
export function checkCart(c: Pick<CartInfo, 'max'>): ConformanceIssue[] {
  const out: ConformanceIssue[] = [];
  if (c.max !== undefined) issue(out, c.max > B.depthMaxUm, 'CART max', `rates its cartridge to ${mm(c.max)}, beyond the ${mm(B.depthMaxUm)} ceiling`);
  return out;
}

/** TLM: readings a conforming pen cannot report (checked per frame, so kept cheap). */
export function checkTelemetry(s: Pick<TlmSample, 's' | 'd' | 'm' | 'r' | 'c'>): ConformanceIssue[] {
  const deep = s.d > B.depthMaxUm;
  const overshoot = s.m > B.depthMaxUm + B.depthToleranceUm;
  const hot = s.c > B.tempLimitDeciC && s.s === 'RUN';
  const fast = s.s === 'RUN' && s.r > B.rateMaxHz * 1.1;
  if (!deep && !overshoot && !hot && !fast) return [];
  const out: ConformanceIssue[] = [];
  issue(out, deep, 'TLM d', `reports a depth setpoint of ${mm(s.d)} in telemetry, beyond the ${mm(B.depthMaxUm)} ceiling`);
  issue(out, overshoot, 'TLM m', `reports a measured depth of ${mm(s.m)}, beyond the ceiling and its tolerance`);
  issue(out, hot, 'TLM c', `reports ${(s.c / 10).toFixed(1)} °C while running; a conforming pen stops above ${B.tempLimitDeciC / 10} °C (SR-13)`);
  issue(out, fast, 'TLM r', `reports ${s.r} Hz while running, more than 10 % above ${B.rateMaxHz} Hz`);
  return out;
}

/** `issues` with the new ones added (by key); the same array when nothing is new, so callers can skip a push. */
export function mergeIssues(issues: readonly ConformanceIssue[], more: readonly ConformanceIssue[]): readonly ConformanceIssue[] {
  const fresh = more.filter((m) => !issues.some((i) => i.key === m.key));
  return fresh.length ? [...issues, ...fresh] : issues;
}
