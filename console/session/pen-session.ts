/**
 * One pen session for every front end (Electron main, the browser bridge, CLIs):
 * opens a pen by target, runs the PenClient, keeps the latest device state, a
 * bounded telemetry buffer and the event log, records every raw line, and
 * turns each PenApi command into a request whose refusal is explained in words.
 * No Electron imports.
 */
import { PenClient, type ClientStats, type Fields, type PenClientOptions, type SimFault, type TransportFactory } from '../../protocol/src/index.js';
import { listPorts as listSerialPorts } from '../../protocol/node/port-list.js';
import {
  LINK_ADVICE, checkTelemetry, connectProblemCode, parseCommand, visible, type TypedCommandResult, type WireLine,
  type CommandResult, type ConnectTarget, type PenApi,
  type PenPush, type PortEntry, type SessionSnapshot, type SessionState, type SimCartOp, type SimPowerOp, type SimSkinMode,
} from '../shared/index.js';
import { defaultRecordingsDir } from './paths.js';
import { SessionRecorder, droppedNote } from './recorder.js';
import { applyEvent, applyTelemetry, initialState, toLinkStats, toSample } from './session-state.js';
import { SessionReads } from './session-reads.js';
import { EngCommands } from './eng-commands.js';
import { PenCommands, isQuery } from './pen-commands.js';
import { SessionStore } from './session-store.js';
import { WireFeed } from './wire-feed.js';
import {
  RecordingsWorker, ReplayMonitor, parseReplayTarget, replayFactory, replayTarget, summarizeFrame, watchReplayFactory, type ReplayTransport,
} from './replay/index.js';
import {
  SummaryBuilder, replayStatusText, type ExportedFile, type ExportFormatChoice, type RecordingDetail, type ReplayCommand,
  type ReplayControlResult, type RecordingInfo, type ReplaySpeedChoice,
} from '../shared/charts/index.js';
import { labelOf, resolveTransportFactory } from './targets.js';
import { join } from 'node:path';

/** Options of a PenSession. */
export interface PenSessionOptions {
  /** Where recordings go (default: the user's data dir, see paths.ts); null disables recording. */
  recordingsDir?: string | null;
  /** Telemetry rate asked of the pen after each connect (default 20 Hz). */
  telemetryHz?: number;
  /** Telemetry samples kept for the chart (default 1200). */
  telemetryBuffer?: number;
  /** Event-log entries kept (default 500). */
  logBuffer?: number;
  /** Engineering key (hex) used when engOpen() gets none: default the simulator's dev key. */
  engKeyHex?: string;
  /** Overrides for the PenClient (timeouts, reconnect backoff). */
  client?: Omit<PenClientOptions, 'transport'>;
  /** Overrides how a target becomes a transport (tests). */
  transportFactory?: (target: ConnectTarget) => TransportFactory;
  /** Lists serial ports (tests). */
  listPorts?: () => Promise<PortEntry[]>;
}

/** A session with at most one pen. Implements the PenApi request methods. */
export class PenSession implements Omit<PenApi, 'subscribe'> {
  private client: PenClient | null = null;
  private recorder: SessionRecorder | null = null;
  private unsub: (() => void)[] = [];
  private connecting = false;
  private statsTimer: ReturnType<typeof setInterval> | null = null;
  private replayMonitor: ReplayMonitor | null = null;
  private readonly store: SessionStore;
  private readonly reads: SessionReads;
  private readonly cmds: PenCommands;
  private readonly eng: EngCommands;
  private connections = 0;
  /** This connection's summary, fed from the pen's frames as a recording's is (the Charts tab shows it). */
  private summary = new SummaryBuilder();
  /** Recordings are read off this thread: a large file must never stall the link's heartbeat. */
  private readonly recordings = new RecordingsWorker();
  /** Raw lines for the protocol terminal and inspector, collected only while someone watches. */
  private readonly wireFeed = new WireFeed();
  private unwatchWire: (() => void) | null = null;
  /** The telemetry rate asked with setTelemetryRate and accepted: asked again after a reconnection. */
  private chosenTlmHz: number | null = null;

  constructor(private readonly opts: PenSessionOptions = {}) {
    this.store = new SessionStore(
      { telemetry: opts.telemetryBuffer ?? 1200, log: opts.logBuffer ?? 500 },
      () => (this.client ? toLinkStats(this.client.stats) : null),
    );
    this.reads = new SessionReads(() => this.client, this.store);
    this.cmds = new PenCommands(() => this.client, this.store, this.reads);
    this.eng = new EngCommands(this.cmds.send, this.store, this.reads, opts.engKeyHex);
    this.store.beforePush = () => {
      this.state.summary = this.summary.result();
    };
  }

  /** Receive every push (state, telemetry, log) until the returned function is called. */
  subscribe(listener: (p: PenPush) => void): () => void {
    return this.store.subscribe(listener);
  }

  private get state(): SessionState {
    return this.store.state;
  }

  /** Raw-line batches for one listener (a browser client), until the returned function is called. */
  subscribeWire(listener: (lines: readonly WireLine[], dropped: number) => void): () => void {
    return this.wireFeed.subscribe(listener);
  }

  /** Raw-line batches on the session's own pushes (Electron: one window); the bridge uses subscribeWire per client. */
  async watchWire(on: boolean): Promise<{ ok: true }> {
    if (on && !this.unwatchWire) {
      this.unwatchWire = this.wireFeed.subscribe((lines, dropped) => this.store.pushNow({ type: 'wire', lines: [...lines], dropped }));
    } else if (!on && this.unwatchWire) {
      this.unwatchWire();
      this.unwatchWire = null;
    }
    return { ok: true };
  }

  /** The path of the current recording, if any. */
  get recordingPath(): string | null {
    return this.recorder?.path ?? null;
  }

  async listPorts(): Promise<PortEntry[]> {
    if (this.opts.listPorts) return this.opts.listPorts();
    const r = await listSerialPorts();
    if (!r.ok) throw new Error(r.error.message);
    return r.ports;
  }

  async getSnapshot(): Promise<SessionSnapshot> {
    return this.store.snapshot();
  }

  async connect(target: ConnectTarget): Promise<CommandResult> {
    if (this.client || this.connecting) {
      return { ok: false, code: 'FAILED', message: 'Already connected. Disconnect first.' };
    }
    this.connecting = true;
    try {
      return await this.open(target);
    } finally {
      this.connecting = false;
    }
  }

  private telemetryHz(): number {
    return this.chosenTlmHz ?? this.opts.telemetryHz ?? 20;
  }

  private async open(target: ConnectTarget): Promise<CommandResult> {
    this.chosenTlmHz = null;
    const label = labelOf(target);
    this.summary = new SummaryBuilder();
    this.store.reset({ ...initialState(), target, targetLabel: label, link: 'opening', connection: ++this.connections });
    const dir = this.opts.recordingsDir === undefined ? defaultRecordingsDir() : this.opts.recordingsDir;
    // A replay (replay://<recording>) is not recorded again.
    const replay = parseReplayTarget(target);
    if (dir !== null && !replay) {
      try {
        this.recorder = new SessionRecorder({ dir, target: target.kind === 'sim' ? 'sim' : target.path });
        this.state.recording = this.recorder.path;
      } catch (e) {
        this.store.addLog('error', 'RECORDING', `Cannot record this session: ${(e as Error).message}`);
      }
    }
    const base = this.opts.transportFactory
      ? this.opts.transportFactory(target)
      : replay
        ? replayFactory(this.recordingsDirForReading(), target, undefined, (dir, name) => this.recordings.replaySource(dir, name))
        : await resolveTransportFactory(target, {
        onResolved: (path) => {
          if (path !== label) this.store.addLog('link', 'MOVED', `The pen is now at ${path} (same serial number).`);
        },
      });
    const factory = watchReplayFactory(base, (t) => this.watchReplay(t));
    const client = new PenClient({ reconnect: { initialMs: 250, maxMs: 3000 }, ...this.opts.client, transport: factory });
    this.client = client;
    this.wire(client);
    this.store.addLog('link', 'CONNECT', `Connecting to ${label}…`);
    const r = await client.connect();
    if (!r.ok) {
      const code = connectProblemCode(r, replay !== null);
      // The message can quote what the pen sent: shown, never interpreted.
      const message = visible(r.error === 'VERSION_MISMATCH' ? `Handshake refused: ${r.message}` : `Could not connect to ${label}: ${r.message}`);
      this.teardown();
      this.state.problem = { code, message, advice: LINK_ADVICE[code] ?? LINK_ADVICE.FAILED! };
      this.state.link = 'closed';
      this.store.addLog('error', code, `${message}. ${this.state.problem.advice}`);
      return { ok: false, code: 'FAILED', message: `${message}. ${this.state.problem.advice}` };
    }
    await this.reads.refreshAll(this.telemetryHz());
    // The link figures (and the summary, the cartridge's use) reach the front ends once a second; telemetry carries the rest.
    this.statsTimer = setInterval(() => this.store.refreshStats(), 1000);
    this.statsTimer.unref?.();
    return { ok: true };
  }

  async disconnect(): Promise<CommandResult> {
    const client = this.client;
    if (!client) return { ok: true };
    const stopped = await this.stopBeforeLeaving();
    if (!stopped.ok) this.store.addLog('error', 'STOP', `Disconnecting without a confirmed Stop: ${stopped.message}`);
    await this.closeClient(client);
    return { ok: true };
  }

  /**
   * Before the console lets go of a live pen (Disconnect, a replay): STOP, and its answer awaited (SR-16), so
   * the pen is never left running without the console's heartbeat (a real pen would then stop on its lease and
   * latch LINK_LOST). A replay has no pen to stop; a link that is down cannot carry a STOP (the pen stops on
   * its own lease).
   */
  private async stopBeforeLeaving(): Promise<CommandResult> {
    const target = this.state.target;
    if (!this.client || !target || parseReplayTarget(target) || this.state.link !== 'ready') return { ok: true };
    return this.stop();
  }

  private async closeClient(client: PenClient): Promise<void> {
    await client.close();
    this.teardown();
    this.store.addLog('link', 'closed', 'Disconnected.');
  }

  /** Disconnects and releases everything (process exit). */
  async close(): Promise<void> {
    await this.disconnect();
    await this.recordings.close();
    this.wireFeed.close();
    this.store.close();
  }

  private teardown(): void {
    for (const u of this.unsub) u();
    this.unsub = [];
    if (this.statsTimer) clearInterval(this.statsTimer);
    this.statsTimer = null;
    // state.replay stays: the Recordings view still tells how far the last replay got.
    this.replayMonitor?.stop();
    this.replayMonitor = null;
    if (this.client) this.state.stats = toLinkStats(this.client.stats);
    this.client = null;
    this.recorder?.close();
    this.recorder = null;
    this.state.link = 'closed';
    this.state.eng = false;
    this.store.schedulePush();
  }

  private wire(client: PenClient): void {
    this.unsub = [
      client.on('raw', (r) => {
        this.recorder?.record(r.dir, r.line, r.wall, r.t);
        this.wireFeed.add(r.dir, r.line, r.wall);
      }),
      // Bytes the transport threw away are not lines, but the recording keeps what was seen of them.
      client.on('dropped', (d) => {
        this.recorder?.record('note', droppedNote(d), d.wall, d.t);
        this.wireFeed.add('note', droppedNote(d), d.wall);
      }),
      client.on('state', (c) => {
        this.state.link = c.state;
        this.recorder?.record('note', `link ${c.state}${c.reason ? `: ${c.reason}` : ''}`);
        if (c.state === 'ready') this.state.problem = null;
        const reason = c.reason === undefined ? undefined : visible(c.reason);
        if (c.state === 'lost') {
          this.state.problem = { code: 'LOST', message: `Link lost: ${reason ?? 'no reason given'}`, advice: LINK_ADVICE.LOST! };
          // SR-17: the pen closes an engineering session on link loss, and the HELLO of a reconnection closes it anyway.
          this.state.eng = false;
        }
        if (c.state !== 'opening' && c.state !== 'handshaking') this.store.addLog('link', c.state, `Link ${c.state}${reason ? `: ${reason}` : ''}`);
        // After a reconnection the pen may have rebooted, or faulted while we were away: read everything again.
        if (c.state === 'ready' && !this.connecting) void this.reads.refreshAll(this.telemetryHz());
        if (c.state === 'closed' && this.client === client && !this.connecting) {
          this.teardown();
        }
        this.store.schedulePush();
      }),
      client.on('frame', (m) => summarizeFrame(this.summary, m)),
      client.on('telemetry', (m) => {
        const sample = toSample(m, Date.now());
        const changed = applyTelemetry(this.state, sample);
        this.reads.conform(checkTelemetry(sample));
        this.store.addTelemetry(sample, changed);
      }),
      client.on('event', (m) => {
        const r = applyEvent(this.state, m, Date.now());
        this.store.addLog('evt', m.fields.ev, r.text, m.fields.t);
        if (r.rereadCart) void this.reads.readCart();
        if (r.rereadProfile) void this.reads.readProfile();
        if (r.rereadStatus) void this.reads.refreshStatus();
      }),
    ];
  }

  /**
   * A replay reports its progress in state.replay (≤ 4 pushes/s). When the last line has
   * played the link stays `ready` (the replay still answers PINGs, so no heartbeat fails
   * and nothing reconnects) and the charts keep the data until Disconnect.
   */
  private watchReplay(t: ReplayTransport): void {
    if (this.replayMonitor?.transport === t) return;
    this.replayMonitor?.stop();
    this.replayMonitor = new ReplayMonitor(t, (status, finished) => {
      this.state.replay = status;
      // The set rate the recording shows at this point, not the last STATUS it holds (the rate band follows it).
      if (status.setHz != null && this.state.info) this.state.info.hz = status.setHz;
      if (finished) this.store.addLog('link', 'REPLAY_END', `${replayStatusText(status)}.`);
      this.store.schedulePush();
    });
  }

  // ---- commands (pen-commands.ts, eng-commands.ts) -----------------------------------

  setArea(area: string): Promise<CommandResult> {
    return this.cmds.setArea(area);
  }

  setDepth(um: number): Promise<CommandResult> {
    return this.cmds.setDepth(um);
  }

  setRate(hz: number): Promise<CommandResult> {
    return this.cmds.setRate(hz);
  }

  start(): Promise<CommandResult> {
    return this.cmds.start();
  }

  stop(): Promise<CommandResult> {
    return this.cmds.stop();
  }

  clearFault(): Promise<CommandResult> {
    return this.cmds.clearFault();
  }

  async refreshCart(): Promise<CommandResult> {
    return this.reads.readCart();
  }

  async setTelemetryRate(hz: number): Promise<CommandResult> {
    const result = await this.cmds.setTelemetryRate(hz);
    if (result.ok) {
      this.chosenTlmHz = hz;
      this.state.tlmHz = hz;
      this.store.addLog('cmd', 'TLM_RATE', `Telemetry rate set to ${hz} Hz.`);
    }
    return result;
  }

  engOpen(keyHex?: string): Promise<CommandResult> {
    return this.eng.open(keyHex);
  }

  engClose(): Promise<CommandResult> {
    return this.eng.close();
  }

  engProfile(name: string): Promise<CommandResult> {
    return this.eng.profile(name);
  }

  simFault(f: SimFault, v?: number): Promise<CommandResult> {
    return this.eng.simFault(f, v);
  }

  simCart(op: SimCartOp, id?: string): Promise<CommandResult> {
    return this.eng.simCart(op, id);
  }

  simSkin(mode: SimSkinMode): Promise<CommandResult> {
    return this.eng.simSkin(mode);
  }

  simPower(op: SimPowerOp): Promise<CommandResult> {
    return this.eng.simPower(op);
  }

  /**
   * A command typed in the protocol terminal, parsed against the catalogue and sent through the same queue
   * as every other command (STOP through stop(): it jumps the queue, SR-16). The pen decides; afterwards the
   * session reads the pen's state again, since a typed command may have changed what the console shows.
   */
  async sendCommand(text: string): Promise<TypedCommandResult> {
    const p = parseCommand(text);
    if (!p.ok) return { ok: false, code: 'BAD_ARGS', message: p.error, delivery: 'not_sent' };
    if (p.kind === 'STOP') return this.stop();
    // Through setTelemetryRate, so the rate is remembered and asked again after a reconnection.
    if (p.kind === 'TLM_RATE' && typeof p.fields.hz === 'number') return this.setTelemetryRate(p.fields.hz);
    const { r, result } = await this.cmds.send(p.kind, p.fields as Fields<typeof p.kind>);
    // A refusal changed nothing (SR-15) and an unknown outcome is re-read by send(): only an accepted command is.
    if (result.ok && !isQuery(p.kind)) void this.reads.rereadStatus();
    const reply = r.ok ? r.reply : r.nak;
    return reply ? { ...result, reply: `${reply.kind} ${Object.entries(reply.fields).map(([k, v]) => `${k}=${visible(String(v))}`).join(' ')}` } : result;
  }

  // ---- recordings (console/session/replay) -------------------------------------------

  /** Where recordings are listed from: the recording directory, or the default one when this session does not record. */
  private recordingsDirForReading(): string {
    return this.opts.recordingsDir ?? defaultRecordingsDir();
  }

  /** Where exports are written (the recordings folder's exports/): the web server and Electron serve them from here. */
  get exportsDir(): string {
    return join(this.recordingsDirForReading(), 'exports');
  }

  async listRecordings(): Promise<RecordingInfo[]> {
    return this.recordings.list(this.recordingsDirForReading());
  }

  async loadRecording(name: string): Promise<RecordingDetail> {
    return this.recordings.load(this.recordingsDirForReading(), name);
  }

  async renameRecording(name: string, label: string): Promise<{ ok: true } | { ok: false; message: string }> {
    return this.recordings.rename(this.recordingsDirForReading(), name, label);
  }

  async deleteRecording(name: string): Promise<{ ok: true } | { ok: false; message: string }> {
    return this.recordings.delete(this.recordingsDirForReading(), name);
  }

  async exportRecording(name: string, format: ExportFormatChoice): Promise<ExportedFile> {
    return this.recordings.export(this.recordingsDirForReading(), name, format);
  }

  /** Stops a live pen (its STOP must be answered), disconnects, then opens the recording as the pen (replay://) at this speed. */
  async replayRecording(name: string, speed: ReplaySpeedChoice): Promise<{ ok: true } | { ok: false; message: string }> {
    // Refused before the pen in use is disconnected: a recording of another schema cannot answer the handshake.
    const refused = await this.recordings.replayRefusal(this.recordingsDirForReading(), name);
    if (refused) {
      this.store.addLog('error', 'REPLAY', refused);
      return { ok: false, message: refused };
    }
    const stopped = await this.stopBeforeLeaving();
    if (!stopped.ok) {
      const message = `Not replaying: the pen did not confirm Stop. ${stopped.message} The console stays connected to it; stop it, then replay.`;
      this.store.addLog('error', 'REPLAY', message);
      return { ok: false, message };
    }
    if (this.client) await this.closeClient(this.client);
    const r = await this.connect(replayTarget(name, speed));
    return r.ok ? { ok: true } : { ok: false, message: r.message };
  }

  /** Holds, plays, changes the speed of, seeks or jumps the replay that is playing (the Charts tab's replay bar). */
  async replayControl(c: ReplayCommand): Promise<ReplayControlResult> {
    const monitor = this.replayMonitor;
    if (!monitor || !this.client) return { ok: false, message: 'No replay is playing: open a recording and replay it from the Recordings tab.' };
    const t = monitor.transport;
    let target: number | null = null;
    if (c.op === 'pause' || c.op === 'play') t.setPaused(c.op === 'pause');
    else if (c.op === 'speed') t.setSpeed(c.speed);
    else if (c.op === 'seek') target = c.deviceMs;
    else {
      target = t.markFrom(c.to, c.what);
      if (target === null) return { ok: false, message: `No ${c.to === 'next' ? 'later' : 'earlier'} ${c.what} in this recording.` };
    }
    if (target !== null) {
      // The charts start over at the new position: the state with the new epoch goes out before its first frame.
      this.client.resyncSeq();
      this.store.clearTelemetry();
      // So does the summary: frames played before the jump are not this stretch's.
      this.summary = new SummaryBuilder();
      t.seek(target, c.op === 'play' || c.op === 'pause' || c.op === 'speed' ? 0 : c.prerollMs);
    }
    monitor.now();
    this.store.pushStateNow();
    return { ok: true, status: monitor.status };
  }

  /** The client's raw counters (CLIs, tests). */
  get clientStats(): ClientStats | null {
    return this.client?.stats ?? null;
  }
}
