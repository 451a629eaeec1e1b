/**
 * Profiles: the area profile the pen has loaded (name, version, hash, and
 * whether its rows match that hash), what changed from the one before, the
 * engineering session that profile changes need (SR-17: challenge–response
 * with the pen's key), and switching to another stored profile (ENG_PROFILE).
 */
import { useEffect, useState } from 'react';
import { SIM_DEV_KEY_HEX, isEngKeyHex, mm } from '../../shared/index.js';
import { diffProfiles, type ProfileView } from './profile-history.js';

/** Profiles the simulator stores; any other name can be typed. */
const KNOWN_PROFILES = ['DEFAULT', 'TRAINING'];

/** Props of the panel. */
export interface ProfilePanelProps {
  profile: ProfileView;
  /** True when connected to the console's built-in simulated pen. */
  builtInSim: boolean;
  connected: boolean;
  eng: boolean;
  busy: boolean;
  onOpen(keyHex: string): void;
  onClose(): void;
  /** Absent when this console's session API has no profile command. */
  onSwitch?: ((name: string) => void) | undefined;
}

const range = (r: { lo: number; hi: number }) => (r.lo === r.hi ? mm(r.lo) : `${(r.lo / 1000).toFixed(2)}–${mm(r.hi)}`);

/** The panel. */
export function ProfilePanel(p: ProfilePanelProps) {
  const [key, setKey] = useState(() => (p.builtInSim ? SIM_DEV_KEY_HEX : ''));
  const [name, setName] = useState('TRAINING');
  useEffect(() => setKey(p.builtInSim ? SIM_DEV_KEY_HEX : ''), [p.builtInSim]);
  const cur = p.profile.current;
  const changes = cur && p.profile.previous ? diffProfiles(p.profile.previous, cur) : [];
  const keyOk = isEngKeyHex(key);
  return (
    <div className="tr-profile">
      <p className="tr-profile-now" data-testid="profile-active">
        {cur ? (
          <>
            Profile <strong>{cur.name}</strong> v{cur.version} · hash <code>{cur.hash}</code>{' '}
            {p.profile.verified === true && <span className="tone-ok">✓ its rows match the hash</span>}
            {p.profile.verified === false && <span className="tone-bad">✗ the rows the pen sent do not match this hash</span>}
          </>
        ) : (
          'No profile reported yet.'
        )}
      </p>
      {cur && p.profile.previous && (
        <div className="tr-changes" data-testid="profile-changes">
          <p>
            Changed from <strong>{p.profile.previous.name}</strong> v{p.profile.previous.version} (<code>{p.profile.previous.hash}</code>):{' '}
            {changes.length === 0 ? 'no area differs.' : `${changes.length} area${changes.length === 1 ? '' : 's'} differ.`}
          </p>
          {changes.length > 0 && (
            <table className="tr-diff">
              <thead>
                <tr>
                  <th scope="col">Area</th>
                  <th scope="col">Recommended</th>
                  <th scope="col">Hard cap</th>
                </tr>
              </thead>
              <tbody>
                {changes.map((c) => (
                  <tr key={c.area} data-area={c.area}>
                    <th scope="row">{c.name}</th>
                    <td>{c.before ? range(c.before) : '—'} → {c.after ? range(c.after) : 'removed'}</td>
                    <td className={c.before && c.after && c.after.cap < c.before.cap ? 'tone-ok' : undefined}>
                      {c.before ? mm(c.before.cap) : '—'} → {c.after ? mm(c.after.cap) : 'removed'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
      <h3 className="tr-h">Engineering session</h3>
      <p className="tr-small">
        Profile changes need an engineering session: the pen sends a challenge and checks a MAC made with its key (SR-17).
        {p.builtInSim ? ' The built-in simulated pen uses the documented development key, filled in below.' : ' Type or paste this pen’s key (hex).'}
      </p>
      <div className="tr-row">
        <input
          className="tr-key" type="password" autoComplete="off" spellCheck={false} aria-label="Engineering key (hex)" placeholder="key, hex"
          value={key} onChange={(e) => setKey(e.target.value)} disabled={!p.connected || p.eng}
        />
        {p.eng ? (
          <button type="button" className="btn" disabled={p.busy} onClick={p.onClose}>
            Close session
          </button>
        ) : (
          <button type="button" className="btn" disabled={!p.connected || p.busy || !keyOk} onClick={() => p.onOpen(key.trim())}>
            Open session
          </button>
        )}
        <span className={`pill ${p.eng ? 'eng-open' : ''}`} data-testid="trainer-eng">
          {p.eng ? 'Session open' : 'Locked'}
        </span>
      </div>
      <h3 className="tr-h">Switch profile</h3>
      <div className="tr-row">
        <input
          className="tr-profile-name" type="text" list="tr-profiles" aria-label="Profile name" spellCheck={false} value={name}
          onChange={(e) => setName(e.target.value.toUpperCase())} disabled={!p.connected}
        />
        <datalist id="tr-profiles">
          {KNOWN_PROFILES.map((n) => (
            <option key={n} value={n} />
          ))}
        </datalist>
        <button type="button" className="btn" disabled={!p.onSwitch || !p.connected || p.busy || !/^[A-Z0-9_.-]{1,8}$/.test(name)} onClick={() => p.onSwitch?.(name)}>
          Load on the pen
        </button>
      </div>
      {!p.onSwitch && (
        <p className="tr-small" data-testid="profile-switch-missing">
          This console cannot send ENG_PROFILE yet: its session API has no profile command. A profile loaded on the pen any other way is
          still shown here, with what changed.
        </p>
      )}
    </div>
  );
}
