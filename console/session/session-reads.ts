/**
 * How a session reads the pen: identity, state and latched faults after every
 * (re)connection, the cartridge and the profile's areas when events say they
 * changed, and the state again after any command whose outcome is unknown
 * (PROTOCOL.md §13). Everything the pen declares is checked against the
 * protocol's absolute bounds; a pen that exceeds them is marked non-conforming.
 */
import type { Fields, PenClient } from '../../protocol/src/index.js';
import {
  areaName, checkAreas, checkCart, checkInfo, checkSettings, mergeIssues, visible, type AreaRow, type CommandResult, type ConformanceIssue,
} from '../shared/index.js';
import { toCommandResult } from './commands.js';
import { applyCart, applyFaults, faultsOf, toDeviceInfo } from './session-state.js';
import type { SessionStore } from './session-store.js';

/** Runs a read; calls while it runs fold into one more run after it, and resolve when that one is done. */
class Coalesced {
  private running: Promise<void> | null = null;
  private again = false;

  constructor(private readonly read: () => Promise<void>) {}

  run(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.read();
      } while (this.again);
    })().finally(() => {
      this.running = null;
    });
    return this.running;
  }
}

/** Reads of one session's pen. */
export class SessionReads {
  private readonly status = new Coalesced(() => this.readStatus(true));
  private readonly quietStatus = new Coalesced(() => this.readStatus(false));
  private readonly profile = new Coalesced(() => this.readProfileNow(true));

  constructor(
    private readonly client: () => PenClient | null,
    private readonly store: SessionStore,
  ) {}

  /** Identity, state and faults, the profile's areas and the cartridge, then the telemetry rate (after connect and every reconnect). */
  async refreshAll(telemetryHz: number): Promise<void> {
    const client = this.client();
    if (!client) return;
    await this.readDevice();
    await this.readProfileNow(false);
    await this.readCart();
    const r = await client.request('TLM_RATE', { hz: telemetryHz });
    this.store.state.tlmHz = r.ok ? telemetryHz : null;
    this.store.schedulePush();
  }

  /** INFO (identity, limits) and STATUS (state, settings, latched faults: the selected area may change with the profile). */
  async readDevice(): Promise<void> {
    const client = this.client();
    if (!client) return;
    const info = await client.request('GET_INFO', {});
    const status = await client.request('GET_STATUS', {});
    if (info.ok && status.ok) {
      const i = info.reply.fields as Fields<'INFO'>;
      const st = status.reply.fields as Fields<'STATUS'>;
      this.store.state.info = toDeviceInfo(i, st);
      this.store.state.eng = st.eng === 1;
      applyFaults(this.store.state, faultsOf(st, Date.now()));
      this.conform([...checkInfo(i), ...checkSettings(st)]);
    } else {
      const why = info.ok ? toCommandResult(status) : toCommandResult(info);
      if (!why.ok) this.store.addLog('error', why.code, `Could not read the pen's ${info.ok ? 'status' : 'identity'}: ${why.message}`);
    }
    this.store.schedulePush();
  }

  /**
   * Reads STATUS again after a command whose outcome is unknown, so the console shows what the pen really
   * did. Requests while a read runs are folded into one more read after it.
   */
  rereadStatus(): Promise<void> {
    return this.status.run();
  }

  /** STATUS again without a log line: after a fault event or an injection, for the faults still present. */
  refreshStatus(): Promise<void> {
    return this.quietStatus.run();
  }

  private async readStatus(log: boolean): Promise<void> {
    const client = this.client();
    const state = this.store.state;
    if (!client || client.state !== 'ready') return;
    const r = await client.request('GET_STATUS', {});
    if (!r.ok) {
      const why = toCommandResult(r);
      if (!why.ok) this.store.addLog('error', why.code, `Could not re-read the pen's state: ${why.message}`);
      return;
    }
    const { re: _re, ...st } = r.reply.fields as Fields<'STATUS'>;
    if (state.info) {
      // STATUS says which area is selected by its presence: a missing area= means none.
      const { area: _old, ...rest } = state.info;
      state.info = { ...rest, ...st };
    }
    state.eng = st.eng === 1;
    applyFaults(state, faultsOf(st, Date.now()));
    this.conform(checkSettings(st));
    if (log) this.store.addLog('link', 'STATUS', `Pen state read again: ${st.st}${st.area ? `, area ${areaName(st.area, { rows: state.areas })}` : ', no area'}, ${st.um} µm, ${st.hz} Hz.`);
    this.store.schedulePush();
  }

  /**
   * INFO again (the profile's name, version, hash and row count) and every AREA row. Requests while a read runs
   * (ENG_PROFILE's answer and its EVT PROFILE) fold into one more read after it.
   */
  readProfile(): Promise<void> {
    return this.profile.run();
  }

  private async readProfileNow(refetchInfo: boolean): Promise<void> {
    const client = this.client();
    if (!client) return;
    if (refetchInfo) await this.readDevice();
    const n = this.store.state.info?.areas ?? 0;
    const areas: AreaRow[] = [];
    for (let i = 0; i < n; i++) {
      const r = await client.request('GET_AREA', { i });
      if (!r.ok) break;
      const f = r.reply.fields as Fields<'AREA'>;
      // The display name is the pen's free text: shown, never interpreted.
      areas.push({ i: f.i, area: f.area, name: visible(f.name), lo: f.lo, hi: f.hi, cap: f.cap });
    }
    this.store.state.areas = areas;
    this.conform(checkAreas(areas));
    this.store.schedulePush();
  }

  async readCart(): Promise<CommandResult> {
    const client = this.client();
    if (!client) return toCommandResult({ ok: false, seq: -1, error: 'NOT_CONNECTED', delivery: 'not_sent', message: 'closed', attempts: 0 });
    const r = await client.request('GET_CART', {});
    if (r.ok) {
      const { re: _re, ...cart } = r.reply.fields as Fields<'CART'>;
      applyCart(this.store.state, cart);
      this.conform(checkCart(cart));
      this.store.schedulePush();
    }
    return toCommandResult(r);
  }

  /** Adds conformance issues not seen before; each is logged once, as an error. */
  conform(issues: readonly ConformanceIssue[]): void {
    if (issues.length === 0) return;
    const state = this.store.state;
    const before = state.conformance ?? [];
    const after = mergeIssues(before, issues);
    if (after === before) return;
    state.conformance = after;
    for (const i of after.slice(before.length)) {
      this.store.addLog('error', 'NONCONFORMING', `Non-conforming pen: it ${i.text}. Its claims are not shown as safe.`);
    }
    this.store.schedulePush();
  }
}
