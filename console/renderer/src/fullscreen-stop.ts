/**
 * Full screen without losing the Stop key. Browsers take Esc to leave full screen. Where the Keyboard Lock
 * API exists (Chromium, Electron), entering full screen locks Esc for the page: Esc then reaches StopKeys and
 * stops the pen, and holding it down leaves full screen (the browser says so). Where it does not, the browser
 * leaves full screen on Esc without handing the key to the page; so leaving full screen any way but the page's
 * own button counts as that Esc and sends STOP. Either way Esc in full screen stops the pen.
 */
import { useEffect, useState } from 'react';
import type { StopControl } from './stop-control.js';

interface KeyboardLock {
  lock(keys?: string[]): Promise<void>;
  unlock(): void;
}

const keyboard = (): KeyboardLock | undefined => (navigator as Navigator & { keyboard?: KeyboardLock }).keyboard;

let leavingByButton = false;
let locked = false;

/** Puts `el` in full screen and locks Esc for the page where the browser allows it. */
export async function enterFullScreen(el: HTMLElement): Promise<void> {
  await el.requestFullscreen?.();
  try {
    await keyboard()?.lock(['Escape']);
    locked = !!keyboard();
  } catch {
    locked = false;
  }
}

/** Leaves full screen from the page's own button (not a Stop). */
export function leaveFullScreen(): void {
  leavingByButton = true;
  void document.exitFullscreen?.().catch(() => undefined);
}

/** How Esc behaves in full screen here, for the button's words. */
export function escInFullScreen(): string {
  return keyboard() ? 'Esc stops the pen; hold Esc to leave full screen' : 'Esc stops the pen and leaves full screen';
}

/** Whether the document is in full screen; sends STOP when full screen ends by the browser's Esc (see above). */
export function useFullScreenStop(stops: StopControl): boolean {
  const [full, setFull] = useState(() => !!document.fullscreenElement);
  useEffect(() => {
    const onChange = () => {
      const now = !!document.fullscreenElement;
      setFull(now);
      if (now) return;
      if (locked) keyboard()?.unlock();
      // Left by the browser (its Esc, or a long Esc under the lock, which StopKeys has already stopped on: STOP is idempotent, SR-16).
      if (!leavingByButton) void stops.stop();
      leavingByButton = false;
      locked = false;
    };
    document.addEventListener('fullscreenchange', onChange);
    return () => document.removeEventListener('fullscreenchange', onChange);
  }, [stops]);
  return full;
}
