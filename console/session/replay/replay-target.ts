/**
 * A replay opens like any pen: a serial-style target whose path is
 * `replay://<recording name>?speed=1|10|full` (as the simulator's is
 * `sim://pen`), so PenSession, the PenClient and the UI take the same path
 * for a replay as for hardware. Replays are not recorded again.
 */
import type { TransportFactory } from '../../../protocol/src/index.js';
import { REPLAY_SCHEME, type ReplaySpeedChoice } from '../../shared/charts/index.js';
import type { ConnectTarget } from '../../shared/index.js';
import { recordingPath } from './recordings.js';
import { replaySourceFromFile, type ReplaySource } from './replay-source.js';
import { ReplayTransport } from './replay-transport.js';

export { REPLAY_SCHEME };

/** The target that replays `name` at `speed`. */
export function replayTarget(name: string, speed: ReplaySpeedChoice): ConnectTarget {
  return { kind: 'serial', path: `${REPLAY_SCHEME}${name}?speed=${speed}` };
}

/** The recording name and speed of a replay target, or null for any other target. */
export function parseReplayTarget(target: ConnectTarget | null | undefined): { name: string; speed: ReplaySpeedChoice } | null {
  if (!target || target.kind !== 'serial' || !target.path.startsWith(REPLAY_SCHEME)) return null;
  const rest = target.path.slice(REPLAY_SCHEME.length);
  const q = rest.indexOf('?speed=');
  const name = q < 0 ? rest : rest.slice(0, q);
  const s = q < 0 ? '1' : rest.slice(q + 7);
  const speed: ReplaySpeedChoice | null = s === '1' ? 1 : s === '10' ? 10 : s === 'full' ? 'full' : null;
  return speed === null ? null : { name, speed };
}

/** Reads a recording of `dir` for replay (in the calling thread by default; the session passes its recordings worker). */
export type ReplayLoader = (dir: string, name: string) => Promise<ReplaySource>;

const readHere: ReplayLoader = (dir, name) => replaySourceFromFile(recordingPath(dir, name)!, name);

/**
 * The transport factory of a replay target: the recording is read once, and
 * the same transport is handed out on every (re)connect so a replay continues
 * where it was. Rejects (the client reports OPEN_FAILED) for a bad name.
 */
export function replayFactory(dir: string, target: ConnectTarget, onTransport?: (t: ReplayTransport) => void, load: ReplayLoader = readHere): TransportFactory {
  const parsed = parseReplayTarget(target);
  let transport: Promise<ReplayTransport> | null = null;
  return () => {
    transport ??= (async () => {
      const path = parsed ? recordingPath(dir, parsed.name) : null;
      if (!parsed || !path) throw new Error(`not a recording: ${parsed?.name ?? (target.kind === 'serial' ? target.path : target.kind)}`);
      const t = new ReplayTransport(await load(dir, parsed.name), { speed: parsed.speed });
      onTransport?.(t);
      return t;
    })();
    return transport;
  };
}
