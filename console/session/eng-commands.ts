/**
 * The engineering session and the simulator's commands of a PenSession
 * (SR-17: the pen refuses ENG_PROFILE and SIM_* without a session opened by
 * challenge–response with its key). The session's state follows what the pen
 * accepted; the pen's own word (STATUS eng=, EVT ENG) corrects it whenever it
 * closes the session by itself (session-state.ts, session-reads.ts).
 */
import type { Fields, HostKind, RequestOptions, RequestResult, SimFault } from '../../protocol/src/index.js';
import { DEFAULT_ENG_KEY_HEX, engMac } from '../../protocol/node/eng-auth.js';
import type { CommandResult, NakContext, SessionState, SimCartOp, SimPowerOp, SimSkinMode } from '../shared/index.js';
import type { SessionReads } from './session-reads.js';
import type { SessionStore } from './session-store.js';

/** How these commands reach the pen: the session's request, with the refusal explained. */
export type SendCommand = <K extends HostKind>(
  kind: K, fields: Fields<K>, ctx?: NakContext, reqOpts?: RequestOptions,
) => Promise<{ r: RequestResult<K>; result: CommandResult }>;

/** ENG_* and SIM_* of one session. */
export class EngCommands {
  constructor(
    private readonly send: SendCommand,
    private readonly store: SessionStore,
    private readonly reads: SessionReads,
    /** The key used when the caller gives none (default: the simulator's documented development key). */
    private readonly defaultKeyHex: string = DEFAULT_ENG_KEY_HEX,
  ) {}

  private get state(): SessionState {
    return this.store.state;
  }

  async open(keyHex?: string): Promise<CommandResult> {
    const serial = this.state.info?.serial;
    const chal = await this.send('ENG_OPEN', {});
    if (!chal.r.ok) return chal.result;
    const nonce = (chal.r.reply.fields as Fields<'CHAL'>).nonce;
    // SR-17: the pen checks this MAC of its nonce and serial before it accepts any engineering command.
    const mac = engMac(keyHex ?? this.defaultKeyHex, nonce, serial ?? '');
    const { result } = await this.send('ENG_AUTH', { mac });
    if (result.ok) {
      this.state.eng = true;
      this.store.addLog('cmd', 'ENG_AUTH', 'Engineering session open.');
    }
    return result;
  }

  async close(): Promise<CommandResult> {
    const { result } = await this.send('ENG_CLOSE', {});
    if (result.ok) {
      this.state.eng = false;
      this.store.addLog('cmd', 'ENG_CLOSE', 'Engineering session closed.');
    }
    return result;
  }

  /** ENG_PROFILE, then the profile read again (INFO and every AREA row), so the answer comes with the new rows in the state. */
  async profile(name: string): Promise<CommandResult> {
    const { result } = await this.send('ENG_PROFILE', { name });
    if (result.ok) {
      this.store.addLog('cmd', 'ENG_PROFILE', `Profile ${name} loaded on the pen.`);
      await this.reads.readProfile();
    }
    return result;
  }

  async simFault(f: SimFault, v?: number): Promise<CommandResult> {
    const { result } = await this.send('SIM_FAULT', v === undefined ? { f } : { f, v });
    if (result.ok) {
      const what = f === 'CLEAR' ? 'Removed every injected fault (latched faults stay until Clear fault)' : `Injected ${f}${v === undefined ? '' : ` (${v})`}`;
      this.store.addLog('cmd', 'SIM_FAULT', `${what}.`);
      // The pen's latched and present faults change with an injection's condition: show them as the pen has them.
      await this.reads.refreshStatus();
    }
    return result;
  }

  async simCart(op: SimCartOp, id?: string): Promise<CommandResult> {
    const { result } = await this.send('SIM_CART', id === undefined ? { op } : { op, id });
    if (result.ok) {
      this.store.addLog('cmd', 'SIM_CART', `Cartridge ${op.toLowerCase()}${id ? ` ${id}` : ''}.`);
      await this.reads.readCart();
    }
    return result;
  }

  async simSkin(mode: SimSkinMode): Promise<CommandResult> {
    const { result } = await this.send('SIM_SKIN', { mode });
    if (result.ok) this.store.addLog('cmd', 'SIM_SKIN', `Skin contact ${mode}.`);
    return result;
  }

  async simPower(op: SimPowerOp): Promise<CommandResult> {
    const { result } = await this.send('SIM_POWER', { op });
    if (result.ok) this.store.addLog('cmd', 'SIM_POWER', `Power ${op.toLowerCase().replace('_', ' ')}.`);
    return result;
  }
}
