import { describe, expect, it } from 'vitest';
import { guardedDispatch, isTrustedSender, type SenderLike } from '../../console/electron/ipc-guard.js';
import { PenSession } from '../../console/session/index.js';
import { INVOKE_CHANNELS, PEN_METHODS, validateArgs } from '../../console/shared/index.js';

const fromConsole: SenderLike = { senderFrame: { url: 'app://console/index.html', parent: null } };

/** A session that would answer listPorts with one fake port and records whether it was reached. */
function sessionSpy(): { session: PenSession; calls: string[] } {
  const calls: string[] = [];
  const session = new PenSession({
    recordingsDir: null,
    listPorts: async () => {
      calls.push('listPorts');
      return [{ path: '/dev/ttyACM0', vidPid: '0483:5740', manufacturer: 'penbench', serialNumber: 'PB1' }];
    },
  });
  return { session, calls };
}

describe('Electron IPC guard (main process checks, no Electron runtime)', () => {
  it('accepts the console top frame served from app://console', () => {
    expect(isTrustedSender(fromConsole)).toBe(true);
  });

  it.each([
    ['a web page', { senderFrame: { url: 'https://evil.example/', parent: null } }],
    ['a file: URL', { senderFrame: { url: 'file:///tmp/x.html', parent: null } }],
    ['another app: host', { senderFrame: { url: 'app://other/index.html', parent: null } }],
    ['a lookalike host', { senderFrame: { url: 'app://console.evil/index.html', parent: null } }],
    ['an iframe inside the console', { senderFrame: { url: 'app://console/index.html', parent: {} } }],
    ['a destroyed frame', { senderFrame: null }],
    ['a garbage URL', { senderFrame: { url: 'not a url', parent: null } }],
  ])('refuses a message from %s', async (_name, event) => {
    expect(isTrustedSender(event as SenderLike)).toBe(false);
    const { session, calls } = sessionSpy();
    const r = await guardedDispatch(session, 'listPorts', event as SenderLike, []);
    expect(r.ok).toBe(false);
    expect(calls).toEqual([]);
  });

  it('passes a valid message from the console through to the session', async () => {
    const { session, calls } = sessionSpy();
    const r = await guardedDispatch(session, 'listPorts', fromConsole, []);
    expect(r).toMatchObject({ ok: true, value: [{ path: '/dev/ttyACM0', vidPid: '0483:5740' }] });
    expect(calls).toEqual(['listPorts']);
  });

  it.each([
    ['unknown method', 'rmRf', []],
    ['prototype method', 'constructor', []],
    ['too many arguments', 'listPorts', [1]],
    ['depth as a string', 'setDepth', ['1500']],
    ['depth not an integer', 'setDepth', [1.5]],
    ['depth NaN', 'setDepth', [Number.NaN]],
    ['depth missing', 'setDepth', []],
    ['area lower case / injection', 'setArea', ['cheek SET_DEPTH um=2500']],
    ['area too long', 'setArea', ['A'.repeat(17)]],
    ['target not an object', 'connect', ['sim']],
    ['target unknown kind', 'connect', [{ kind: 'tcp', path: 'x' }]],
    ['target extra keys', 'connect', [{ kind: 'sim', path: '/dev/x' }]],
    ['target path with a newline', 'connect', [{ kind: 'serial', path: '/dev/tty\n' }]],
    ['target from a class (not plain)', 'connect', [new Date()]],
    ['fault not in the list', 'simFault', ['MELTDOWN']],
    ['fault value not an integer', 'simFault', ['BATTERY', 'x']],
    ['key not hex', 'engOpen', ['zz']],
    ['arguments not an array', 'stop', { length: 0 }],
  ])('refuses malformed arguments: %s', async (_name, method, args) => {
    const { session } = sessionSpy();
    const r = await guardedDispatch(session, method, fromConsole, args as unknown[]);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.length).toBeGreaterThan(5);
  });

  it('names the argument and the allowed values in a refusal', () => {
    expect(validateArgs('setDepth', ['deep'])).toEqual({ ok: false, error: 'setDepth: um must be an integer 0..9999' });
    const r = validateArgs('simSkin', ['SIDEWAYS']);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toBe('simSkin: mode must be one of AUTO, ON, OFF');
  });

  it('accepts well-formed arguments, optional ones included', () => {
    expect(validateArgs('connect', [{ kind: 'serial', path: '/dev/ttyACM0', baudRate: 115200 }]).ok).toBe(true);
    expect(validateArgs('simFault', ['BATTERY', 5]).ok).toBe(true);
    expect(validateArgs('simFault', ['CLEAR', undefined]).ok).toBe(true);
    expect(validateArgs('engOpen', []).ok).toBe(true);
  });

  it('has one invoke channel per PenApi method', () => {
    expect(INVOKE_CHANNELS).toHaveLength(PEN_METHODS.length);
    expect(new Set(INVOKE_CHANNELS).size).toBe(PEN_METHODS.length);
    expect(INVOKE_CHANNELS.every((c) => c.startsWith('pen:'))).toBe(true);
  });
});
