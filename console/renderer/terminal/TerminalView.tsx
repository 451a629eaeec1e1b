/**
 * The protocol terminal (OctoPrint's terminal, Serial Studio's console):
 * every raw line in and out with its time, direction and decoded meaning,
 * filtered by kind; a command line with Tab completion from the catalogue and
 * history (↑/↓), sent through the session's queue, with the pen's answer.
 */
import { useEffect, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore, type KeyboardEvent } from 'react';
import { commonPrefix, completeCommand, type PenApi } from '../../shared/index.js';
import type { WireEntry, WireLog } from './wire-log.js';
import './terminal.css';

/** Lines drawn at once: the newest that pass the filter. */
const SHOWN = 300;

/** Host wall time as HH:MM:SS.mmm (local time). */
export function clockText(w: number): string {
  const d = new Date(w);
  const p = (n: number, k = 2) => String(n).padStart(k, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}

const ARROW: Record<WireEntry['d'], string> = { out: '→ pen', in: '← pen', note: '· note' };

/** What a typed command came back with, shown in the terminal. */
interface Outcome {
  text: string;
  ok: boolean;
}

/** The terminal tab. */
export function TerminalView({ api, log }: { api: Pick<PenApi, 'sendCommand'>; log: WireLog }) {
  useSyncExternalStore(log.subscribe, log.getVersion);
  const [hidden, setHidden] = useState<ReadonlySet<string>>(() => new Set());
  const [follow, setFollow] = useState(true);
  const [frozen, setFrozen] = useState<readonly WireEntry[] | null>(null);
  const all = log.entries();
  const kinds = useMemo(() => [...new Set(all.map((e) => e.kind))].sort(), [all]);
  const source = follow ? all : (frozen ?? all);
  const shown = useMemo(() => {
    const out: WireEntry[] = [];
    for (let i = source.length - 1; i >= 0 && out.length < SHOWN; i--) if (!hidden.has(source[i]!.kind)) out.push(source[i]!);
    return out.reverse();
  }, [source, hidden]);
  const box = useRef<HTMLDivElement>(null);
  // Following: the newest line stays in sight.
  useLayoutEffect(() => {
    if (follow && box.current) box.current.scrollTop = box.current.scrollHeight;
  }, [shown, follow]);
  const toggle = (k: string) => setHidden((h) => {
    const n = new Set(h);
    if (n.has(k)) n.delete(k);
    else n.add(k);
    return n;
  });
  return (
    <section className="panel terminal" aria-label="Protocol terminal">
      <div className="terminal-toolbar" role="toolbar" aria-label="Terminal filters">
        <strong>Show</strong>
        {kinds.map((k) => (
          <label key={k} className="chip">
            <input type="checkbox" checked={!hidden.has(k)} onChange={() => toggle(k)} aria-label={`Show ${k}`} /> {k}
          </label>
        ))}
        <button type="button" className="btn" aria-pressed={!follow} onClick={() => {
          setFrozen(follow ? all : null);
          setFollow(!follow);
        }}>
          {follow ? '❚❚ Hold' : '▶ Follow'}
        </button>
        <button type="button" className="btn" onClick={() => log.clear()}>Clear</button>
        <small data-testid="terminal-count">
          {all.length.toLocaleString('en-US')} lines kept{log.dropped ? `, ${log.dropped} not delivered (the page or the batch fell behind)` : ''}
        </small>
      </div>
      {/* Focusable so the keyboard can scroll it (a scrollable region must be reachable: axe scrollable-region-focusable). */}
      <div ref={box} className="terminal-lines" role="log" aria-label="Raw lines" data-testid="terminal-lines" tabIndex={0}>
        {shown.length === 0 ? <p className="hint">No lines yet: connect a pen; every line in and out appears here.</p> : null}
        {shown.map((e) => (
          <div key={e.id} className={`wire wire-${e.d}${e.kind === 'NAK' || e.kind === '(undecodable)' ? ' wire-bad' : ''}`} data-kind={e.kind} data-dir={e.d}>
            <span className="wire-time">{clockText(e.w)}</span>
            <span className="wire-dir">{ARROW[e.d]}</span>
            <code className="wire-raw">{e.line}</code>
            <span className="wire-meaning">{e.meaning}</span>
          </div>
        ))}
      </div>
      <CommandLine api={api} log={log} />
    </section>
  );
}

/** The command line: Tab completes from the catalogue, ↑/↓ walk the history, Enter sends. */
function CommandLine({ api, log }: { api: Pick<PenApi, 'sendCommand'>; log: WireLog }) {
  const [text, setText] = useState('');
  const [hints, setHints] = useState<string[]>([]);
  const [at, setAt] = useState<number | null>(null);
  const [outcomes, setOutcomes] = useState<Outcome[]>([]);
  const [busy, setBusy] = useState(false);
  useEffect(() => setHints([]), [text]);
  const send = async () => {
    const line = text.trim();
    if (!line || busy) return;
    if (log.history.at(-1) !== line) log.history.push(line);
    setAt(null);
    setText('');
    setBusy(true);
    try {
      const r = await api.sendCommand(line);
      const text = r.ok ? `✓ ${line} → ${r.reply ?? 'ACK'}` : `✗ ${line}: ${r.reply ? `${r.reply} — ` : ''}${r.message}`;
      setOutcomes((o) => [...o.slice(-4), { text, ok: r.ok }]);
    } catch (e) {
      setOutcomes((o) => [...o.slice(-4), { text: `✗ ${line}: ${(e as Error).message}`, ok: false }]);
    } finally {
      setBusy(false);
    }
  };
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Tab' && !e.shiftKey) {
      e.preventDefault();
      const [cands, frag] = completeCommand(text);
      if (cands.length === 0) return;
      const head = text.slice(0, text.length - frag.length);
      const one = cands.length === 1 ? cands[0]! : commonPrefix(cands);
      const done = cands.length === 1 && !one.endsWith('=');
      if (one.length >= frag.length) setText(head + one + (done ? ' ' : ''));
      setHints(cands.length > 1 ? cands : []);
      // Set after the text so the effect that clears them on typing does not clear them.
      if (cands.length > 1) setTimeout(() => setHints(cands), 0);
    } else if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
      const h = log.history;
      if (h.length === 0) return;
      e.preventDefault();
      const next = e.key === 'ArrowUp' ? Math.max(0, (at ?? h.length) - 1) : (at ?? h.length) + 1;
      if (next >= h.length) {
        setAt(null);
        setText('');
      } else {
        setAt(next);
        setText(h[next]!);
      }
    } else if (e.key === 'Enter') {
      e.preventDefault();
      void send();
    }
  };
  return (
    <div className="terminal-command">
      {outcomes.map((o, i) => (
        <p key={i} className={o.ok ? 'command-ok' : 'refusal'} data-testid="command-outcome">{o.text}</p>
      ))}
      <label className="terminal-input">
        <span>Command</span>
        <input
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKey}
          placeholder="SET_DEPTH um=1500 — Tab completes, ↑/↓ history, Enter sends"
          spellCheck={false}
          autoComplete="off"
          aria-label="Command to send"
          maxLength={200}
        />
        <button type="button" className="btn btn-primary" disabled={busy || !text.trim()} onClick={() => void send()}>Send</button>
      </label>
      {hints.length > 0 ? <p className="hint" data-testid="completions">{hints.join('  ')}</p> : null}
    </div>
  );
}
