/**
 * Session summary from the pen's own frames: needle-on time, passes and max
 * depth per treatment area, faults, and the cartridges used. The same builder
 * runs live in the renderer (fed from pushes) and over a recording (fed from
 * decoded lines), so both show the same figures.
 */
import type { EventRecord, TlmPoint } from './types.js';

/** Area label for time spent with no area selected (only the 2.5 mm ceiling applies). */
export const NO_AREA = '—';
/** A TLM gap longer than this is not counted as needle-on time (link loss, pause in the recording). */
const MAX_STEP_MS = 1000;

/** Figures for one treatment area. */
export interface AreaSummary {
  area: string;
  needleOnMs: number;
  passes: number;
  /** Deepest measured depth while running, µm. */
  maxDepthUm: number;
  /** Deepest setpoint while running, µm. */
  maxSetUm: number;
}

/** A fault the pen raised. */
export interface FaultRecord {
  t: number;
  code: string;
  area: string;
}

/** A cartridge seen in the session. */
export interface CartridgeRecord {
  id: string;
  type?: string;
  lot?: string;
  needles?: number;
  /** Rated max depth, µm. */
  max?: number;
  status?: string;
  /** Strokes counted by the pen (TLM n) while this cartridge was in. */
  strokes: number;
}

/** The summary of a session. */
export interface SessionSummary {
  /** Device-time span covered by telemetry, ms. */
  durationMs: number;
  needleOnMs: number;
  tlmFrames: number;
  events: number;
  areas: AreaSummary[];
  faults: FaultRecord[];
  cartridges: CartridgeRecord[];
}

/** Fields of a CART answer the summary uses. */
export interface CartFields {
  status?: string;
  id?: string;
  lot?: string;
  type?: string;
  needles?: number;
  max?: number;
}

/** Accumulates a summary frame by frame. */
export class SummaryBuilder {
  private area = NO_AREA;
  private readonly areas = new Map<string, AreaSummary>();
  /** The summary of `area` once looked up (every frame needs it; it changes only with the area). */
  private areaNow: AreaSummary | null = null;
  private readonly faults: FaultRecord[] = [];
  private readonly carts: CartridgeRecord[] = [];
  private cart: CartridgeRecord | null = null;
  private prevT: number | null = null;
  private firstT: number | null = null;
  private spanMs = 0;
  private frames = 0;
  private eventCount = 0;
  private needleOn = 0;
  // Passes restart at 0 on every area selection (PROTOCOL.md, SET_AREA): a "stint" is one selection.
  private stintPasses = 0;

  /** Selected area as the pen reports it in STATUS (area= absent: none selected). */
  info(area: string | undefined): void {
    this.selectArea(area ?? NO_AREA);
  }

  /** A CART answer: the cartridge's identity and rating. */
  cartInfo(f: CartFields): void {
    if (!f.id) return;
    const c = this.cartFor(f.id);
    if (f.type !== undefined) c.type = f.type;
    if (f.lot !== undefined) c.lot = f.lot;
    if (f.needles !== undefined) c.needles = f.needles;
    if (f.max !== undefined) c.max = f.max;
    if (f.status !== undefined) c.status = f.status;
  }

  /** One telemetry frame. */
  tlm(s: TlmPoint): void {
    this.frames++;
    const a = this.current();
    if (this.prevT !== null && s.t >= this.prevT) {
      const dt = s.t - this.prevT;
      this.spanMs += Math.min(dt, MAX_STEP_MS);
      if (s.s === 'RUN' && s.m > 0 && dt <= MAX_STEP_MS) {
        a.needleOnMs += dt;
        this.needleOn += dt;
      }
    }
    if (this.firstT === null) this.firstT = s.t;
    this.prevT = s.t;
    if (s.s === 'RUN') {
      if (s.m > a.maxDepthUm) a.maxDepthUm = s.m;
      if (s.d > a.maxSetUm) a.maxSetUm = s.d;
    }
    if (s.p > this.stintPasses) this.addPasses(s.p - this.stintPasses);
    else if (s.p < this.stintPasses) this.stintPasses = s.p; // counter restarted (profile change, reboot)
    if (this.cart && s.n > this.cart.strokes) this.cart.strokes = s.n;
  }

  /**
   * One pen event. `counted` false: an event reconstructed from state (the live
   * console infers area, fault and cartridge changes) that must not be counted
   * as one the pen sent; those are counted with countEvents.
   */
  event(e: EventRecord, counted = true): void {
    if (counted) this.eventCount++;
    switch (e.ev) {
      case 'AREA':
        this.selectArea(e.area ?? NO_AREA);
        break;
      case 'PROFILE':
      case 'BOOT':
        this.stintPasses = 0;
        if (e.ev === 'BOOT') this.selectArea(NO_AREA);
        break;
      case 'PASS':
        if (e.n !== undefined && e.n > this.stintPasses) this.addPasses(e.n - this.stintPasses);
        break;
      case 'FAULT':
        this.faults.push({ t: e.t, code: e.code ?? 'UNKNOWN', area: this.area });
        break;
      case 'CART_IN':
      case 'CART_OK':
        if (e.id) this.cartFor(e.id);
        break;
      case 'CART_OUT':
        this.cart = null;
        break;
      default:
    }
  }

  /** Events the pen sent whose content is applied through event(e, false), or not needed. */
  countEvents(n = 1): void {
    this.eventCount += n;
  }

  /** The summary so far (a fresh object; the builder keeps accumulating). */
  result(): SessionSummary {
    const areas = [...this.areas.values()]
      .filter((a) => a.needleOnMs > 0 || a.passes > 0 || a.maxDepthUm > 0 || a.area !== NO_AREA)
      .map((a) => ({ ...a }));
    return {
      durationMs: this.spanMs,
      needleOnMs: this.needleOn,
      tlmFrames: this.frames,
      events: this.eventCount,
      areas,
      faults: this.faults.map((f) => ({ ...f })),
      cartridges: this.carts.map((c) => ({ ...c })),
    };
  }

  private addPasses(k: number): void {
    this.current().passes += k;
    this.stintPasses += k;
  }

  private selectArea(area: string): void {
    this.area = area;
    this.areaNow = null;
    this.stintPasses = 0;
    this.current();
  }

  private current(): AreaSummary {
    if (this.areaNow) return this.areaNow;
    let a = this.areas.get(this.area);
    if (!a) {
      a = { area: this.area, needleOnMs: 0, passes: 0, maxDepthUm: 0, maxSetUm: 0 };
      this.areas.set(this.area, a);
    }
    this.areaNow = a;
    return a;
  }

  private cartFor(id: string): CartridgeRecord {
    let c = this.carts.find((x) => x.id === id);
    if (!c) {
      c = { id, strokes: 0 };
      this.carts.push(c);
    }
    this.cart = c;
    return c;
  }
}
