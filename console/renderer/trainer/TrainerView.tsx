/**
 * The trainer's screen for a projector: a skin cross-section with the needle
 * where the pen says, what that depth reaches in large type, depth controls
 * bounded by the pen's own limits, presets by indication, the pen's areas, a
 * visible Stop, and beside the section a teaching card, a guided lesson, a
 * comparison of two depths and the pen's profile. It fits 1024×768 and up,
 * full screen or not. The pen enforces every limit (SR-01…SR-03, SR-17); this
 * view explains them and shows the pen's refusal when it says no.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { AreaRow, PenApi } from '../../shared/index.js';
import { mm } from '../../shared/index.js';
import { TEACHING, indicationById } from '../../shared/teaching/index.js';
import { StopButton } from '../src/components/StopButton.js';
import { enterFullScreen, escInFullScreen, leaveFullScreen, useFullScreenStop } from '../src/fullscreen-stop.js';
import { useStore } from '../src/use-pen.js';
import { AreaList } from './AreaList.js';
import { ComparePanel } from './ComparePanel.js';
import { ConnectPrompt } from './ConnectPrompt.js';
import { DepthControls, type DepthPreset } from './DepthControls.js';
import { FaceMap } from './FaceMap.js';
import { LessonPanel } from './LessonPanel.js';
import { depthBounds } from './pen-moves.js';
import { useProfileView } from './profile-history.js';
import { ProfilePanel } from './ProfilePanel.js';
import { SkinSection, type NeedleMark } from './SkinSection.js';
import { LiveSkinSection, NeedleReadout } from './LiveNeedle.js';
import { depthCaption, guidanceOf } from './skin-layers.js';
import { TeachingCard, indicationFor } from './TeachingCard.js';
import { useFitHeight } from './use-fit-height.js';
import { useSessionView } from './use-session-view.js';
import { useTrainerActions } from './use-trainer-actions.js';
import './trainer.css';

type Tab = 'card' | 'lesson' | 'compare' | 'profile';
const TABS: readonly { id: Tab; label: string }[] = [
  { id: 'card', label: 'Card' },
  { id: 'lesson', label: 'Lesson' },
  { id: 'compare', label: 'Compare' },
  { id: 'profile', label: 'Profile' },
];

const LINK_WAIT: Record<string, string> = {
  opening: 'Opening the port…',
  handshaking: 'Handshake with the pen…',
  lost: 'The link was lost; reconnecting…',
  reconnecting: 'Reconnecting to the pen…',
};

/** Presets by indication: the teaching data's depth, inside the pen's recommended range for the area. */
export function presetsFor(rows: readonly AreaRow[]): DepthPreset[] {
  return TEACHING.indications.map((ind) => {
    const area = ind.areas[0]!;
    const row = rows.find((r) => r.area === area);
    const um = row ? Math.min(row.hi, Math.max(row.lo, ind.preset)) : ind.preset;
    return { id: ind.id, title: ind.short, area, um, ...(row ? { lo: row.lo, hi: row.hi } : {}) };
  });
}

/** The trainer view wired to a PenApi: pen values in, commands out, the pen's answers shown. */
export function TrainerScreen({ api }: { api: PenApi }) {
  const rootRef = useRef<HTMLDivElement>(null);
  const height = useFitHeight(rootRef);
  // Re-renders on a change of the pen's state or setpoint, not on every frame: the needle's parts follow frames themselves.
  const { state, tlm } = useSessionView(api, false);
  const [tab, setTab] = useState<Tab>('card');
  const connected = state?.link === 'ready';
  const info = connected ? state?.info : null;
  const rows = useMemo(() => (connected ? state?.areas ?? [] : []), [connected, state?.areas]);
  const setUm = tlm?.d ?? info?.um ?? 0;
  const areaId = info?.area;
  const row = rows.find((r) => r.area === areaId);
  const act = useTrainerActions(api, state, setUm);
  const bounds = depthBounds(info, row, state?.cart);
  const profile = useProfileView(api, info, rows);

  // A refusal explains the last attempt; once the area or setpoint has moved on from elsewhere (the Console tab, the pen)
  // it would describe a stale situation. Changes within a second of this view's own command are that command's.
  const { setFeedback, setComparison, settledFor } = act;
  useEffect(() => {
    if (settledFor() > 1000) setFeedback(null);
  }, [setUm, areaId, setFeedback, settledFor]);
  useEffect(() => setComparison((c) => (c && c.area !== areaId ? null : c)), [areaId, setComparison]);

  // Presenter remotes send PageDown/PageUp: next and previous lesson step, from anywhere in the trainer.
  const lessonRef = useRef({ step: act.lessonStep, ok: connected });
  lessonRef.current = { step: act.lessonStep, ok: connected };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'PageDown' && e.key !== 'PageUp') return;
      e.preventDefault();
      if (!lessonRef.current.ok) return;
      setTab('lesson');
      void lessonRef.current.step(e.key === 'PageDown' ? 1 : -1);
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);

  // Esc stops the pen in full screen too (src/fullscreen-stop.ts); the button says how.
  const isFull = useFullScreenStop(useStore().stops);
  const full = () => {
    const el = rootRef.current;
    if (!el) return;
    if (document.fullscreenElement) leaveFullScreen();
    else void enterFullScreen(el).catch(() => undefined);
  };

  const cmp = tab === 'compare' ? act.comparison : null;
  // The comparison's needles are fixed; the live needle and read-out follow telemetry on their own (LiveNeedle.tsx).
  const needles: NeedleMark[] = cmp
    ? [{ um: cmp.a, kind: 'a', label: `A ${(cmp.a / 1000).toFixed(2)}` }, { um: cmp.b, kind: 'b', label: `B ${(cmp.b / 1000).toFixed(2)}` }]
    : [];
  const sectionMarks = {
    ...(row ? { lo: row.lo, hi: row.hi, cap: row.cap } : {}),
    ...(state?.cart?.max !== undefined && bounds && state.cart.max < bounds.dmax ? { cartMax: state.cart.max } : {}),
  };
  const guide = guidanceOf(setUm, row?.lo, row?.hi, row?.cap);
  const lessonStep = TEACHING.lesson[act.lesson];
  const cardIndication = tab === 'lesson' && lessonStep ? indicationById(lessonStep.indication) : indicationFor(areaId);

  return (
    <div className="trainer" ref={rootRef} style={height !== null ? { height } : undefined} data-testid="trainer">
      <header className="tr-head">
        <div className="tr-readout" aria-live="polite">
          {!connected ? (
            <>
              <p className="tr-depth">No pen connected</p>
              <p className="tr-caption">Connect a pen: the section then shows the needle where the pen says it is.</p>
            </>
          ) : cmp ? (
            <>
              <p className="tr-depth" data-testid="trainer-depth">
                A <strong>{mm(cmp.a)}</strong> <span className="tr-vs">vs</span> B <strong className="tr-b">{mm(cmp.b)}</strong>
              </p>
              <p className="tr-caption" data-testid="trainer-layer">
                A reaches <strong>{depthCaption(cmp.a)?.layer}</strong> · B reaches <strong>{depthCaption(cmp.b)?.layer}</strong>
              </p>
            </>
          ) : (
            <NeedleReadout api={api} setUm={setUm} />
          )}
        </div>
        <div className="tr-head-actions">
          <button type="button" className="btn tr-full" onClick={full} title={escInFullScreen()}>
            {isFull ? 'Leave full screen' : 'Full screen'}
          </button>
          <StopButton />
        </div>
      </header>
      <div className="tr-body">
        <figure className="tr-section">
          {cmp ? (
            <SkinSection needles={needles} {...sectionMarks} />
          ) : (
            <LiveSkinSection api={api} setUm={setUm} idle={!connected} {...sectionMarks} />
          )}
          <figcaption className="tr-legend">
            {cmp ? 'Blue: A · yellow: B' : 'Dashed: set depth · solid: the needle'} · green: recommended · red: hard cap · skin layers approximate (face)
          </figcaption>
        </figure>
        <div className="tr-controls">
          {!connected ? (
            <ConnectPrompt api={api} busy={act.busy} linkText={state ? LINK_WAIT[state.link] : undefined} onConnect={(t) => void act.connect(t)} />
          ) : (
            <>
              <DepthControls
                bounds={bounds} setUm={setUm} busy={act.busy} presets={presetsFor(rows)}
                onSetDepth={(um) => void act.setDepth(um)}
                onPreset={(p) => void act.preset(p)} onInputError={(text) => act.setFeedback({ tone: 'note', text })}
              />
              <section aria-labelledby="tr-areas-title">
                <h2 id="tr-areas-title" className="tr-h">
                  Treatment area
                </h2>
                <AreaList areas={rows} selected={areaId} disabled={act.busy} onSelect={(a) => void act.setArea(a)} />
              </section>
            </>
          )}
        </div>
        <div className="tr-detail">
          <div className="tr-area-sum">
            <FaceMap areas={rows} selected={areaId} disabled={!connected || act.busy} onSelect={(a) => void act.setArea(a)} />
            <div>
              <p className="tr-area-name" data-testid="trainer-area">
                {row ? row.name : connected ? 'No area selected' : '—'}
              </p>
              {row && (
                <p className="tr-area-range">
                  recommended <strong>{row.lo === row.hi ? mm(row.lo) : `${(row.lo / 1000).toFixed(2)}–${mm(row.hi)}`}</strong>
                  <br />
                  hard cap <strong>{mm(row.cap)}</strong>
                </p>
              )}
              {connected && <p className={`tr-guide tone-${guide.tone}`}>{guide.text}</p>}
            </div>
          </div>
          {act.feedback && (
            <p className={act.feedback.tone === 'refused' ? 'tr-refusal' : 'tr-note'} role="alert" data-testid="trainer-refusal">
              {act.feedback.text}
            </p>
          )}
          <div className="tr-tabs" role="tablist" aria-label="Teaching">
            {TABS.map((t) => (
              <button
                key={t.id} type="button" role="tab" id={`tr-tab-${t.id}`} aria-controls="tr-tabpanel" aria-selected={tab === t.id}
                className="btn tr-tab" onClick={() => setTab(t.id)}
              >
                {t.label}
              </button>
            ))}
          </div>
          <div className="tr-panel" id="tr-tabpanel" role="tabpanel" aria-labelledby={`tr-tab-${tab}`} tabIndex={0}>
            {tab === 'card' && <TeachingCard indication={cardIndication} row={row} />}
            {tab === 'lesson' && (
              <LessonPanel steps={TEACHING.lesson} rows={rows} current={act.lesson} outcome={act.outcome} busy={act.busy} disabled={!connected} onStep={(d) => void act.lessonStep(d)} />
            )}
            {tab === 'compare' && (
              <ComparePanel
                comparison={act.comparison} areaName={row?.name} busy={act.busy} disabled={!connected}
                onCompare={(a, b) => void act.compare(a, b)} onClear={() => act.setComparison(null)} onInputError={(text) => act.setFeedback({ tone: 'note', text })}
              />
            )}
            {tab === 'profile' && (
              <ProfilePanel
                profile={profile} builtInSim={state?.target?.kind === 'sim'} connected={connected} eng={state?.eng ?? false} busy={act.busy}
                onOpen={(k) => void act.engOpen(k)} onClose={() => void act.engClose()} onSwitch={act.switchProfile && ((name) => void act.switchProfile?.(name))}
              />
            )}
          </div>
        </div>
      </div>
    </div>
  );
}
