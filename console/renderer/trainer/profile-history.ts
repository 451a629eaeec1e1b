/**
 * The pen's treatment-area profile as reported (INFO profile/pver/phash and the
 * AREA rows), checked against its hash (PROTOCOL.md: first 4 bytes of SHA-256
 * of the profile's JSON), and what changed when the pen loads another one.
 */
import { useEffect, useState } from 'react';
import type { AreaRow, DeviceInfo } from '../../shared/index.js';

/** One profile as the pen reported it. */
export interface ProfileSnapshot {
  name: string;
  version: number;
  hash: string;
  rows: AreaRow[];
}

/** One area that differs between two profiles (µm). */
export interface ProfileChange {
  area: string;
  name: string;
  before?: Pick<AreaRow, 'lo' | 'hi' | 'cap'>;
  after?: Pick<AreaRow, 'lo' | 'hi' | 'cap'>;
}

/** phash of a profile, as PROTOCOL.md defines it (8 upper-case hex). */
export async function profileHash(name: string, version: number, rows: readonly AreaRow[]): Promise<string> {
  const text = JSON.stringify({ name, version, rows: rows.map((r) => ({ area: r.area, name: r.name, lo: r.lo, hi: r.hi, cap: r.cap })) });
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest).slice(0, 4)].map((b) => b.toString(16).padStart(2, '0')).join('').toUpperCase();
}

/** The areas whose range or cap differ, were added or removed, in the new profile's order. */
export function diffProfiles(before: ProfileSnapshot, after: ProfileSnapshot): ProfileChange[] {
  const old = new Map(before.rows.map((r) => [r.area, r]));
  const changes: ProfileChange[] = [];
  for (const r of after.rows) {
    const o = old.get(r.area);
    old.delete(r.area);
    if (!o) changes.push({ area: r.area, name: r.name, after: r });
    else if (o.lo !== r.lo || o.hi !== r.hi || o.cap !== r.cap) changes.push({ area: r.area, name: r.name, before: o, after: r });
  }
  for (const o of old.values()) changes.push({ area: o.area, name: o.name, before: o });
  return changes;
}

/** What the trainer shows about profiles: the current one, whether its rows match its hash, and the one before. */
export interface ProfileView {
  current: ProfileSnapshot | null;
  /** null while checking (or before the pen reported). */
  verified: boolean | null;
  previous: ProfileSnapshot | null;
}

interface History {
  current: ProfileSnapshot | null;
  previous: ProfileSnapshot | null;
}

// Per API object, so that the history outlives a tab switch (the trainer unmounts) but not the window.
const histories = new WeakMap<object, History>();

/**
 * Follows the profile the pen reports. Rows are taken as a profile's only when
 * they hash to the pen's phash: INFO and the AREA rows arrive in separate
 * reads, so a new hash may briefly come with the old rows.
 */
export function useProfileView(key: object, info: Pick<DeviceInfo, 'profile' | 'pver' | 'phash'> | null | undefined, rows: readonly AreaRow[]): ProfileView {
  const [view, setView] = useState<ProfileView>(() => ({ current: null, verified: null, previous: histories.get(key)?.previous ?? null }));
  const rowsKey = JSON.stringify(rows);
  useEffect(() => {
    if (!info || rows.length === 0) return;
    let alive = true;
    const snap: ProfileSnapshot = { name: info.profile, version: info.pver, hash: info.phash, rows: [...rows] };
    void profileHash(snap.name, snap.version, snap.rows).then(
      (h) => {
        if (!alive) return;
        const h0 = histories.get(key) ?? { current: null, previous: null };
        const ok = h === snap.hash;
        if (ok && h0.current?.hash !== snap.hash) histories.set(key, { previous: h0.current, current: snap });
        const now = histories.get(key) ?? h0;
        setView({ current: snap, verified: ok, previous: now.current?.hash === snap.hash ? now.previous : null });
      },
      () => alive && setView((v) => ({ ...v, current: snap, verified: null })),
    );
    return () => {
      alive = false;
    };
    // rowsKey stands for the rows' content and the three INFO fields for `info`: a push with equal values is not a change.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the keys above stand for info and rows on purpose
  }, [key, info?.profile, info?.pver, info?.phash, rowsKey]);
  return view;
}
