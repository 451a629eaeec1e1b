/**
 * What the UI bench measures inside the real console page, installed before
 * the page's own scripts (Playwright's addInitScript), so any version of the
 * app can be measured the same way, today's and the baseline's:
 *
 * - main-thread work per animation frame: the time spent in the page's tasks
 *   (timers, MessagePort messages — React's scheduler —, WebSocket messages)
 *   between two frames, plus the frame itself (rAF callbacks, style, layout,
 *   paint: from this probe's rAF, which runs first, to a message posted there);
 * - the rAF intervals;
 * - what arrives on the bridge's WebSocket: characters, messages, and the
 *   device time `t` of every telemetry frame (any push format that carries
 *   `"type":"tlm…` with a `sample`, `samples` or `rows`);
 * - when a watched value reached the screen: a MutationObserver notes changes
 *   of `data-tlm-t` (the frame shown) and of the text of `[data-testid=tlm-strokes]`
 *   (the pen's stroke count, shown by every version), and each note is stamped
 *   with the end of the next painted frame.
 *
 * Plain JS text: the bench runs under tsx, whose helpers must not leak into the page.
 */

/** The init script. */
export const PROBE_SCRIPT = `(() => {
  const now = () => performance.now();
  const P = (window.__probe = { on: false, busy: 0, intervals: [], work: [], chars: 0, msgs: 0, tlmT: [], shown: [], pending: [] });
  const wrap = (f) => function (...a) { const t0 = now(); try { return f.apply(this, a); } finally { P.busy += now() - t0; } };
  for (const name of ['setTimeout', 'setInterval']) {
    const orig = window[name];
    window[name] = function (f, ms, ...rest) { return orig.call(window, typeof f === 'function' ? wrap(f) : f, ms, ...rest); };
  }
  const onTlm = (push) => {
    if (push.sample) P.tlmT.push(push.sample.t);
    if (push.samples) for (const s of push.samples) P.tlmT.push(s.t);
    if (push.rows) { const k = push.keys ? push.keys.indexOf('t') : 1; for (const r of push.rows) P.tlmT.push(r[k]); }
  };
  const seen = (e) => {
    if (!P.on) return;
    const d = e.data;
    P.msgs++;
    P.chars += typeof d === 'string' ? d.length : (d.byteLength || d.size || 0);
    if (typeof d === 'string' && d.includes('"type":"tlm')) { try { onTlm(JSON.parse(d).push); } catch {} }
  };
  const hook = (proto, after) => {
    const d = Object.getOwnPropertyDescriptor(proto, 'onmessage');
    Object.defineProperty(proto, 'onmessage', {
      configurable: true, enumerable: d.enumerable,
      get() { return d.get.call(this); },
      set(f) {
        d.set.call(this, typeof f !== 'function' ? f : function (e) {
          const t0 = now();
          try { return f.call(this, e); } finally { P.busy += now() - t0; if (after) after(e); }
        });
      },
    });
    return d;
  };
  const portDesc = hook(MessagePort.prototype, null);
  hook(WebSocket.prototype, seen);
  const raf = window.requestAnimationFrame.bind(window);
  const ch = new MessageChannel();
  let last = 0, busyAtRaf = 0, rafAt = 0, busyAtRender = 0;
  portDesc.set.call(ch.port1, () => {
    const t = now();
    P.busy += Math.max(0, t - rafAt - (P.busy - busyAtRender));
    if (P.pending.length) { for (const m of P.pending) P.shown.push([m[0], m[1], m[2], t]); P.pending = []; }
  });
  const tick = () => {
    if (!P.on) return;
    const t = now();
    if (last) { P.intervals.push(t - last); P.work.push(P.busy - busyAtRaf); }
    last = t; busyAtRaf = P.busy; rafAt = t; busyAtRender = P.busy;
    ch.port2.postMessage(0);
    raf(tick);
  };
  new MutationObserver((list) => {
    if (!P.on) return;
    const t = now();
    for (const m of list) {
      if (m.type === 'attributes') P.pending.push(['t', Number(m.target.getAttribute('data-tlm-t')), t]);
      else {
        const el = m.type === 'characterData' ? m.target.parentElement : m.target;
        if (el && el.getAttribute && el.getAttribute('data-testid') === 'tlm-strokes') P.pending.push(['n', Number(String(el.textContent).replace(/,/g, '')), t]);
      }
    }
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-tlm-t'], characterData: true, childList: true });
  P.start = () => {
    Object.assign(P, { busy: 0, intervals: [], work: [], chars: 0, msgs: 0, tlmT: [], shown: [], pending: [], on: true });
    last = 0;
    raf(tick);
  };
  P.stop = () => {
    P.on = false;
    return { intervals: P.intervals, work: P.work, chars: P.chars, msgs: P.msgs, tlmT: P.tlmT, shown: P.shown, origin: performance.timeOrigin };
  };
})();`;

/** What the probe collected over one phase. */
export interface ProbeResult {
  intervals: number[];
  work: number[];
  chars: number;
  msgs: number;
  /** Device time of every telemetry frame that arrived. */
  tlmT: number[];
  /** [what, value, DOM change (page ms), end of the frame that painted it (page ms)]; what: 't' (data-tlm-t) or 'n' (strokes). */
  shown: [string, number, number, number][];
  /** performance.timeOrigin: page ms + origin = wall ms. */
  origin: number;
}
