/**
 * Esc stops the pen from anywhere in this window: every tab and view, while a control has focus, while typing,
 * and in the trainer's full screen. One listener per window (mounted once by the app shell), so one key press
 * sends one STOP. Space is not taken: it stays with the focused button, radio or select.
 *
 * Browsers take Esc to leave full screen. Where the page may keep it (the Keyboard Lock API, Chromium and
 * Electron), the trainer locks it while in full screen: Esc then stops the pen and a long press leaves full
 * screen. Where it cannot, the browser leaves full screen on Esc without telling the page which key did it, so
 * leaving full screen other than by the page's own button counts as Esc and stops the pen too (trainer-screen.ts).
 */
import { useEffect } from 'react';
import { useStore } from '../use-pen.js';

/** Listens for the Stop key; renders nothing. */
export function StopKeys() {
  const store = useStore();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.repeat) return;
      void store.stops.stop();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [store]);
  return null;
}
