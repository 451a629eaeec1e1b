/** The large Stop. Space and Escape trigger it from anywhere except text fields (SR-16: STOP is accepted in every state). */
import { useEffect, useRef } from 'react';
import { useCommand, usePenApi, usePenView } from '../use-pen.js';

function typingIn(el: EventTarget | null): boolean {
  if (!(el instanceof HTMLElement)) return false;
  if (el instanceof HTMLTextAreaElement || el.isContentEditable) return true;
  return el instanceof HTMLInputElement && ['text', 'search', 'password', 'email', 'url'].includes(el.type);
}

export function StopButton() {
  const api = usePenApi();
  const { state } = usePenView();
  const { run, refusal } = useCommand();
  const stopRef = useRef(() => void run(() => api.stop()));
  stopRef.current = () => void run(() => api.stop());

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const isStop = e.key === 'Escape' || (e.key === ' ' && !typingIn(e.target));
      if (!isStop) return;
      // Swallow Space on keyup too, or a focused Start button would be clicked by the same key press.
      e.preventDefault();
      e.stopPropagation();
      if (e.type === 'keydown' && !e.repeat) stopRef.current();
    };
    window.addEventListener('keydown', onKey, true);
    window.addEventListener('keyup', onKey, true);
    return () => {
      window.removeEventListener('keydown', onKey, true);
      window.removeEventListener('keyup', onKey, true);
    };
  }, []);

  return (
    <div className="stop-wrap">
      <button
        type="button"
        className="btn btn-stop"
        disabled={state?.link === 'closed' || !state}
        onClick={() => stopRef.current()}
        aria-keyshortcuts="Space Escape"
      >
        STOP
        <small>Space / Esc</small>
      </button>
      {refusal && <p className="refusal" role="alert">{refusal}</p>}
    </div>
  );
}
