/**
 * What a telemetry frame does not carry but a reader of it needs: the
 * selected area and its name, skin contact, the latched faults and the set
 * stroke rate, followed from the frames around it in the order they were on
 * the wire — STATUS answers, EVT AREA/SKIN/FAULT/FAULT_CLEAR/BOOT, AREA rows
 * (the pen's own display names) and SET_RATE commands the pen acknowledged.
 * The exports (CSV, MCAP) and a replay's recorded set rate use it.
 */
import { faultCodes, type Message } from '../../../protocol/src/index.js';
import { areaName } from '../area-name.js';

/** The context of the telemetry row being read. */
export interface RowContextView {
  /** Selected area id, '' when none is selected or not yet known. */
  area: string;
  /** Skin contact: 1 on skin, 0 lifted, null not reported yet. */
  skin: 0 | 1 | null;
  /** Latched fault codes (FAULT_CODES names; BIT_n for bits this build does not know). */
  faults: readonly string[];
  /** Stroke-rate setpoint, Hz, null until a STATUS or an acknowledged SET_RATE says. */
  setHz: number | null;
}

function maskNames(mask: string): string[] {
  const { codes, unknownBits } = faultCodes(mask);
  const out: string[] = [...codes];
  for (let i = 0; i < 16; i++) if (unknownBits & (1 << i)) out.push(`BIT_${i}`);
  return out;
}

/** Follows the frames of one session in wire order. */
export class RowContext implements RowContextView {
  area = '';
  skin: 0 | 1 | null = null;
  faults: readonly string[] = [];
  setHz: number | null = null;
  private readonly names = new Map<string, string>();
  /** SET_RATE commands sent, by seq, waiting for their ACK. */
  private readonly rates = new Map<number, number>();

  /** The display name of an area: the pen's own AREA row name, else the console's. */
  nameOf(area: string): string {
    if (!area) return '';
    return this.names.get(area) ?? areaName(area);
  }

  /** A decoded host → pen command. */
  out(m: Message): void {
    if (m.kind === 'SET_RATE') {
      if (this.rates.size > 64) this.rates.clear();
      this.rates.set(m.seq, (m.fields as { hz: number }).hz);
    }
  }

  /** A decoded pen → host frame. */
  in(m: Message): void {
    const f = m.fields as Record<string, unknown>;
    switch (m.kind) {
      case 'STATUS':
        this.area = typeof f.area === 'string' ? f.area : '';
        this.setHz = f.hz as number;
        this.faults = maskNames(f.faults as string);
        return;
      case 'AREA':
        this.names.set(f.area as string, f.name as string);
        return;
      case 'ACK': {
        const hz = this.rates.get(f.re as number);
        if (hz !== undefined) {
          this.setHz = hz;
          this.rates.delete(f.re as number);
        }
        return;
      }
      case 'EVT':
        this.event(f);
        return;
      default:
    }
  }

  private event(f: Record<string, unknown>): void {
    switch (f.ev) {
      case 'AREA':
        this.area = typeof f.area === 'string' ? f.area : '';
        return;
      case 'SKIN':
        this.skin = f.on === 1 ? 1 : 0;
        return;
      case 'FAULT':
        if (typeof f.faults === 'string') this.faults = maskNames(f.faults);
        else if (typeof f.code === 'string' && !this.faults.includes(f.code)) this.faults = [...this.faults, f.code];
        return;
      case 'FAULT_CLEAR': {
        const cleared = typeof f.faults === 'string' ? new Set(maskNames(f.faults)) : typeof f.code === 'string' ? new Set([f.code]) : null;
        this.faults = cleared ? this.faults.filter((c) => !cleared.has(c)) : [];
        return;
      }
      case 'BOOT':
        // A reboot forgets the selection (SR-02: no area at power-on); latched hazards come back in the next STATUS.
        this.area = '';
        this.skin = null;
        return;
      default:
    }
  }
}
