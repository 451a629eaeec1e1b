/**
 * The pen commands of a PenSession: each is one request whose refusal is
 * explained in words — with the pen's own limits from its INFO when the NAK
 * carries none —, logged, and after an unknown outcome followed by a re-read
 * of the pen's state (PROTOCOL.md §13). The session's state follows what the
 * pen accepted.
 */
import type { Fields, HostKind, PenClient, RequestOptions, RequestResult } from '../../protocol/src/index.js';
import { mm, type CommandResult, type NakContext, type SessionState } from '../shared/index.js';
import { toCommandResult } from './commands.js';
import type { SendCommand } from './eng-commands.js';
import type { SessionReads } from './session-reads.js';
import type { SessionStore } from './session-store.js';

/** Commands that only read: an unknown outcome of one of these changes nothing on the pen. */
const QUERIES: ReadonlySet<HostKind> = new Set<HostKind>(['PING', 'GET_INFO', 'GET_STATUS', 'GET_CART', 'GET_AREA']);

/** True for a command that only reads (PING, GET_*). */
export function isQuery(kind: HostKind): boolean {
  return QUERIES.has(kind);
}

/** SET_*, START, STOP, CLEAR_FAULT and TLM_RATE of one session. */
export class PenCommands {
  constructor(
    private readonly client: () => PenClient | null,
    private readonly store: SessionStore,
    private readonly reads: SessionReads,
  ) {}

  private get state(): SessionState {
    return this.store.state;
  }

  /** One request, its refusal explained (with the pen's own limits), logged, and the state re-read after an unknown outcome. */
  readonly send: SendCommand = async <K extends HostKind>(
    kind: K, fields: Fields<K>, ctx: NakContext = {}, reqOpts: RequestOptions = {},
  ): Promise<{ r: RequestResult<K>; result: CommandResult }> => {
    const client = this.client();
    const r: RequestResult<K> = client
      ? await client.request(kind, fields, reqOpts)
      : { ok: false, seq: -1, error: 'NOT_CONNECTED', delivery: 'not_sent', message: 'no session', attempts: 0 };
    // A refusal that does not carry its limits is explained with the pen's own (INFO), never with constants.
    const info = this.state.info;
    const limits = info ? { dmin: info.dmin, dmax: info.dmax, dstep: info.dstep, rmin: info.rmin, rmax: info.rmax, tmax: info.tmax } : undefined;
    const result = toCommandResult(r, limits ? { limits, ...ctx } : ctx);
    if (!result.ok && (result.code !== 'NOT_CONNECTED' || result.delivery === 'unknown')) {
      const verb = result.delivery === 'answered' ? 'refused' : result.delivery === 'unknown' ? 'outcome unknown' : 'not sent';
      this.store.addLog(!r.ok && r.error === 'NAK' ? 'nak' : 'error', result.code, `${kind} ${verb}: ${result.message}`);
    }
    // PROTOCOL.md §13: after an unknown outcome the console reads what the pen really did.
    if (!result.ok && result.delivery === 'unknown' && !QUERIES.has(kind)) void this.reads.rereadStatus();
    this.store.schedulePush();
    return { r, result };
  };

  private areaName(): string | undefined {
    const a = this.state.areas.find((x) => x.area === this.state.info?.area);
    return a?.name;
  }

  async setArea(area: string): Promise<CommandResult> {
    const name = this.state.areas.find((a) => a.area === area)?.name ?? area;
    const { result } = await this.send('SET_AREA', { area }, { area: name, value: this.state.info ? mm(this.state.info.um) : undefined });
    if (result.ok && this.state.info) this.state.info.area = area;
    if (result.ok) this.store.addLog('cmd', 'SET_AREA', `Area set to ${name}.`);
    return result;
  }

  async setDepth(um: number): Promise<CommandResult> {
    const area = this.areaName();
    const { result } = await this.send('SET_DEPTH', { um }, { value: mm(um), ...(area ? { area } : {}) });
    if (result.ok && this.state.info) this.state.info.um = um;
    if (result.ok) this.store.addLog('cmd', 'SET_DEPTH', `Depth set to ${mm(um)}.`);
    return result;
  }

  async setRate(hz: number): Promise<CommandResult> {
    const { result } = await this.send('SET_RATE', { hz }, { value: `${hz} Hz` });
    if (result.ok && this.state.info) this.state.info.hz = hz;
    if (result.ok) this.store.addLog('cmd', 'SET_RATE', `Stroke rate set to ${hz} Hz.`);
    return result;
  }

  async start(): Promise<CommandResult> {
    const { result } = await this.send('START', {}, { area: this.areaName() });
    if (result.ok) this.store.addLog('cmd', 'START', 'Start accepted.');
    return result;
  }

  async stop(): Promise<CommandResult> {
    // SR-16: STOP is accepted in every state, and idempotent, so it is worth retrying harder than other commands.
    const { result } = await this.send('STOP', {}, {}, { retries: 6 });
    if (result.ok) this.store.addLog('cmd', 'STOP', 'Stop accepted.');
    return result;
  }

  async clearFault(): Promise<CommandResult> {
    const { result } = await this.send('CLEAR_FAULT', {});
    if (result.ok) {
      this.store.addLog('cmd', 'CLEAR_FAULT', 'Fault cleared.');
      this.state.fault = null;
    }
    return result;
  }

  async setTelemetryRate(hz: number): Promise<CommandResult> {
    return (await this.send('TLM_RATE', { hz })).result;
  }
}
