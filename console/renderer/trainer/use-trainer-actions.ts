/**
 * What the trainer's controls do: each sends commands to the pen in order and
 * keeps the pen's answer for the screen. Nothing here decides a limit: a
 * refusal is the pen's, in the words of console/shared/explain.ts.
 */
import { useCallback, useRef, useState } from 'react';
import type { AreaRow, CommandResult, ConnectTarget, PenApi, SessionState } from '../../shared/index.js';
import { mm } from '../../shared/index.js';
import { TEACHING } from '../../shared/teaching/index.js';
import type { Comparison } from './ComparePanel.js';
import type { DepthPreset } from './DepthControls.js';
import type { LessonOutcome } from './LessonPanel.js';
import { planMove, sendMoves } from './pen-moves.js';

/** The last answer shown to the room. */
export interface Feedback {
  tone: 'refused' | 'note';
  text: string;
}

/** The actions, their busy flag and the last feedback. */
export function useTrainerActions(api: PenApi, state: SessionState | null, setUm: number) {
  const [busy, setBusy] = useState(false);
  const [feedback, setFeedback] = useState<Feedback | null>(null);
  const [lesson, setLesson] = useState(-1);
  const [outcome, setOutcome] = useState<LessonOutcome | null>(null);
  const [comparison, setComparison] = useState<Comparison | null>(null);
  // The pen's rows and limits as last pushed (they change only with a profile).
  const now = useRef(state);
  now.current = state;

  const inFlight = useRef(0);
  const lastEnd = useRef(0);
  // Commands go one sequence at a time, in the order asked: a presenter pressing PageDown twice gets two steps.
  const chain = useRef<Promise<void>>(Promise.resolve());
  const run = useCallback((f: () => Promise<void>): Promise<void> => {
    inFlight.current++;
    setBusy(true);
    const next = chain.current.then(async () => {
      try {
        await f();
      } catch (e) {
        setFeedback({ tone: 'refused', text: (e as Error).message });
      } finally {
        inFlight.current--;
        lastEnd.current = Date.now();
        if (inFlight.current === 0) setBusy(false);
      }
    });
    chain.current = next;
    return next;
  }, []);
  /** ms since this view's last command ended (0 while one runs). */
  const settledFor = useCallback(() => (inFlight.current > 0 ? 0 : Date.now() - lastEnd.current), []);
  // The pen's area and setpoint as its answers left them. Telemetry and state pushes trail a command's answer by a
  // frame or more, so right after this view's own commands they are not yet the truth; once quiet, they are (and
  // carry changes made elsewhere).
  const known = useRef({ area: state?.info?.area, um: setUm });
  if (settledFor() > 300) known.current = { area: state?.info?.area, um: setUm };
  const tracked = {
    setArea: async (area: string) => {
      const r = await api.setArea(area);
      if (r.ok) known.current = { ...known.current, area };
      return r;
    },
    setDepth: async (um: number) => {
      const r = await api.setDepth(um);
      if (r.ok) known.current = { ...known.current, um };
      return r;
    },
  };
  const answer = (r: CommandResult) => setFeedback(r.ok ? null : { tone: 'refused', text: r.message });
  const rowOf = (area: string | undefined): AreaRow | undefined => now.current?.areas.find((r) => r.area === area);
  const from = () => known.current;

  const setDepth = (um: number) => run(async () => answer(await tracked.setDepth(um)));
  // The pen refuses an area whose cap is below the setpoint (SR-02): the depth goes to the top of the new area's
  // recommended range first, and the screen says so.
  const setArea = (area: string) =>
    run(async () => {
      const row = rowOf(area);
      const f = from();
      if (!row || f.um <= row.cap) return answer(await tracked.setArea(area));
      const r = await sendMoves(tracked, planMove(f, { area, um: row.hi }));
      setFeedback(r.ok ? { tone: 'note', text: `Depth set to ${mm(row.hi)} first: the pen refuses ${row.name} above its ${mm(row.cap)} cap.` } : { tone: 'refused', text: r.result.message });
    });
  const connect = (t: ConnectTarget) => run(async () => answer(await api.connect(t)));
  const preset = (p: DepthPreset) =>
    run(async () => {
      const r = await sendMoves(tracked, planMove(from(), { area: p.area, um: p.um }));
      setFeedback(r.ok ? null : { tone: 'refused', text: r.result.message });
    });
  const compare = (a: number, b: number) =>
    run(async () => {
      setComparison(null);
      const ra = await tracked.setDepth(a);
      if (!ra.ok) return answer(ra);
      const rb = await tracked.setDepth(b);
      if (!rb.ok) return setFeedback({ tone: 'refused', text: `A (${mm(a)}) accepted; B refused. ${rb.message}` });
      setFeedback(null);
      setComparison({ a, b, area: known.current.area });
    });
  // The step asked for last (steps still queued included), so that next/previous count from it.
  const lessonAsked = useRef(-1);
  const lessonGo = (i: number) => {
    if (!TEACHING.lesson[i]) return Promise.resolve();
    lessonAsked.current = i;
    return run(async () => {
      const step = TEACHING.lesson[i]!;
      setLesson(i);
      setFeedback(null);
      const row = rowOf(step.area);
      const dstep = now.current?.info?.dstep;
      if (!row || !dstep) return setOutcome({ step: i, problem: "This pen's profile has no such area." });
      const moved = await sendMoves(tracked, planMove(from(), { area: step.area, um: row.hi }));
      if (!moved.ok) return setOutcome({ step: i, problem: `The pen refused this step: ${moved.result.message}` });
      // One step past the cap: the pen must refuse it (SR-02, or SR-01 past its maximum).
      const over = row.cap + dstep;
      const r = await tracked.setDepth(over);
      if (r.ok) {
        await tracked.setDepth(row.hi);
        return setOutcome({ step: i, shownUm: row.hi, refusedUm: over, problem: `The pen accepted ${mm(over)}, above its own hard cap of ${mm(row.cap)}: report this pen.` });
      }
      setOutcome({ step: i, shownUm: row.hi, refusedUm: over, reason: r.message });
    });
  };
  const lessonStep = (delta: 1 | -1) => {
    const next = Math.max(0, Math.min(TEACHING.lesson.length - 1, lessonAsked.current + delta));
    return next === lessonAsked.current ? Promise.resolve() : lessonGo(next);
  };
  const engOpen = (key: string) => run(async () => answer(await api.engOpen(key)));
  const engClose = () => run(async () => answer(await api.engClose()));
  // ENG_PROFILE: the session answers once the new profile's rows are read (SR-17: the pen refuses it without the session).
  const switchProfile = (name: string) => run(async () => answer(await api.engProfile(name)));

  return {
    busy, feedback, setFeedback, settledFor, lesson, outcome, comparison, setComparison,
    setDepth, setArea, connect, preset, compare, lessonStep, engOpen, engClose, switchProfile,
  };
}
