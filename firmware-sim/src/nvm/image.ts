/**
 * The registry image the pen keeps in non-volatile memory (SR-08): the used
 * cartridges (SR-08, SR-09), the contaminated ones (SR-12), the lot recall list
 * (SR-07) and the latched hazard faults (SR-14), with a generation counter and
 * an HMAC-SHA256 under the pen's device key over both, so an edited, emptied
 * or swapped image is detected (PROTOCOL.md, Pen behaviour, Cartridges).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { FAULT_CODES, type FaultCode } from '../../../protocol/src/index.js';

/** How one cartridge was used. */
export interface UsedEntry {
  /** Pen calendar time of the first fire, ISO 8601; empty if it never fired (spent on removal). */
  firstFiredAt: string;
  /** Needle-on time accumulated while it was inserted, ms. */
  needleOnMs: number;
  /** Spent for good (SR-09): removed after verification without firing, or 60 min of needle-on time. */
  spent: boolean;
}

/** What the registry holds. */
export interface NvmData {
  used: Record<string, UsedEntry>;
  /** Ids of cartridges fluid got past (SR-12). */
  contaminated: string[];
  recalledLots: string[];
  /** Latched hazard faults (SR-14): they survive a power cycle until CLEAR_FAULT is accepted. */
  faults: FaultCode[];
}

/** Format version of the image; version 1 (no MAC, no generation) is refused as NVM_INTEGRITY. */
export const NVM_IMAGE_VERSION = 2;

/** The simulator's device key (hex of ASCII "penbench-device-key-sim-01"); a real pen keeps its own in a secure element. */
export const DEVICE_KEY_HEX = '70656e62656e63682d6465766963652d6b65792d73696d2d3031';

/** The image a factory-fresh pen ships with: one recalled lot, and the catalogue's REUSED sample marked as fired. */
export function factoryNvm(): NvmData {
  return {
    used: { 'N12-REUSED': { firstFiredAt: '2026-01-01T00:00:00.000Z', needleOnMs: 1_800_000, spent: false } },
    contaminated: [],
    recalledLots: ['L2405-R'],
    faults: [],
  };
}

/** An empty registry (what the pen works with while its NVM cannot be trusted: it cannot run then anyway). */
export function emptyNvm(): NvmData {
  return { used: {}, contaminated: [], recalledLots: [], faults: [] };
}

function mac(keyHex: string, gen: number, data: NvmData): string {
  return createHmac('sha256', Buffer.from(keyHex, 'hex')).update(`penbench-nvm|${NVM_IMAGE_VERSION}|${gen}|${JSON.stringify(data)}`, 'utf8').digest('hex').toUpperCase();
}

/** The image text of `data` at generation `gen`. */
export function encodeImage(data: NvmData, gen: number, keyHex: string): string {
  const c = canonical(data);
  return JSON.stringify({ version: NVM_IMAGE_VERSION, gen, data: c, mac: mac(keyHex, gen, c) }, null, 2) + '\n';
}

/** The data with its keys in one fixed order: the MAC covers this form, whatever order a reader or writer used. */
function canonical(d: NvmData): NvmData {
  const used: Record<string, UsedEntry> = {};
  for (const [id, e] of Object.entries(d.used)) used[id] = { firstFiredAt: e.firstFiredAt, needleOnMs: e.needleOnMs, spent: e.spent };
  return { used, contaminated: [...d.contaminated], recalledLots: [...d.recalledLots], faults: [...d.faults] };
}

/** The data and generation of an image, or why it cannot be trusted. */
export function decodeImage(text: string, keyHex: string): { ok: true; gen: number; data: NvmData } | { ok: false; why: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, why: 'registry unreadable' };
  }
  if (typeof raw !== 'object' || raw === null) return { ok: false, why: 'registry unreadable' };
  const r = raw as Record<string, unknown>;
  if (r['version'] !== NVM_IMAGE_VERSION) return { ok: false, why: `registry version ${String(r['version'])} has no MAC` };
  const gen = r['gen'];
  const data = parseData(r['data']);
  const m = r['mac'];
  if (!Number.isSafeInteger(gen) || (gen as number) < 1 || data === null || typeof m !== 'string' || !/^[0-9A-F]{64}$/.test(m)) return { ok: false, why: 'registry malformed' };
  // Both are 64 upper-case hex digits here: equal lengths, ASCII bytes.
  if (!timingSafeEqual(Buffer.from(mac(keyHex, gen as number, data)), Buffer.from(m))) return { ok: false, why: 'registry MAC wrong (edited or swapped)' };
  return { ok: true, gen: gen as number, data };
}

/** The data of an image in canonical form (the form the MAC covers); null if malformed. */
function parseData(raw: unknown): NvmData | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const d = raw as Record<string, unknown>;
  const { used, contaminated, recalledLots, faults } = d;
  if (typeof used !== 'object' || used === null || Array.isArray(used)) return null;
  if (![contaminated, recalledLots, faults].every((a) => Array.isArray(a) && a.every((x) => typeof x === 'string'))) return null;
  const out: NvmData = { used: {}, contaminated: [...(contaminated as string[])], recalledLots: [...(recalledLots as string[])], faults: [] };
  for (const f of faults as string[]) {
    if (!(FAULT_CODES as readonly string[]).includes(f)) return null;
    out.faults.push(f as FaultCode);
  }
  for (const [id, e] of Object.entries(used as Record<string, unknown>)) {
    const o = e as Record<string, unknown>;
    // (A primitive has none of these fields as its own: it fails the type checks.)
    if (o === null || typeof o['firstFiredAt'] !== 'string' || typeof o['needleOnMs'] !== 'number' || typeof o['spent'] !== 'boolean') return null;
    out.used[id] = { firstFiredAt: o['firstFiredAt'], needleOnMs: o['needleOnMs'], spent: o['spent'] };
  }
  return out;
}
