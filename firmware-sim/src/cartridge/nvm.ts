/**
 * Non-volatile memory of the pen: the used-cartridge registry (SR-08, SR-09)
 * and the lot recall list (SR-07). Survives SIM_POWER CYCLE and process
 * restarts when backed by a file.
 */

/** How one cartridge was used. */
export interface UsedEntry {
  /** Device wall-clock time of the first fire, ISO 8601. */
  firstFiredAt: string;
  /** Needle-on time accumulated while it was inserted, ms. */
  needleOnMs: number;
  /** Reached the 60 min needle-on limit (SR-09). */
  spent: boolean;
}

/** The persisted image. */
export interface NvmData {
  version: 1;
  used: Record<string, UsedEntry>;
  recalledLots: string[];
}

/** Where the image lives. */
export interface NvmStore {
  /** Human-readable location, e.g. a file path or "memory". */
  readonly label: string;
  load(): NvmData;
  save(data: NvmData): void;
}

/** The image a factory-fresh pen ships with: one recalled lot, and the catalogue's REUSED sample marked as fired. */
export function factoryNvm(): NvmData {
  return {
    version: 1,
    used: { 'N12-REUSED': { firstFiredAt: '2026-01-01T00:00:00.000Z', needleOnMs: 1_800_000, spent: false } },
    recalledLots: ['L2405-R'],
  };
}

/** Validate a parsed image; anything malformed falls back to null (the caller decides). */
export function parseNvm(raw: unknown): NvmData | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const r = raw as Record<string, unknown>;
  if (r['version'] !== 1 || typeof r['used'] !== 'object' || r['used'] === null || !Array.isArray(r['recalledLots'])) return null;
  const used: Record<string, UsedEntry> = {};
  for (const [id, e] of Object.entries(r['used'] as Record<string, unknown>)) {
    const o = e as Record<string, unknown>;
    if (typeof o !== 'object' || o === null) return null;
    used[id] = {
      firstFiredAt: String(o['firstFiredAt'] ?? ''),
      needleOnMs: Number(o['needleOnMs'] ?? 0) || 0,
      spent: o['spent'] === true,
    };
  }
  return { version: 1, used, recalledLots: (r['recalledLots'] as unknown[]).map(String) };
}

/** NVM kept in memory (tests, and in-process pens by default): survives power cycles of the pen object, not the process. */
export class MemoryNvm implements NvmStore {
  readonly label = 'memory';
  private data: string;

  constructor(initial: NvmData = factoryNvm()) {
    this.data = JSON.stringify(initial);
  }

  load(): NvmData {
    return JSON.parse(this.data) as NvmData;
  }

  save(data: NvmData): void {
    this.data = JSON.stringify(data);
  }
}
