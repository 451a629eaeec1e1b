/**
 * The guided lesson: forehead, around the eyes, cheek, acne scars, body. Each
 * step selects the area on the pen, sets the top of its recommended range, and
 * asks the pen for one step past the hard cap so that the class sees the pen
 * refuse it, with its reason. Next/previous: the buttons, or PageDown/PageUp
 * (what presenter remotes send), handled by the trainer screen.
 */
import type { AreaRow } from '../../shared/index.js';
import { areaName, mm } from '../../shared/index.js';
import type { LessonStep } from '../../shared/teaching/index.js';

/** What the pen answered at a step. */
export interface LessonOutcome {
  step: number;
  /** The depth set for the step (top of the pen's recommended range), µm. */
  shownUm?: number;
  /** The depth asked for to show a refusal, µm. */
  refusedUm?: number;
  /** The pen's reason in words. */
  reason?: string;
  /** Set when the pen did something else than expected (refused the step, or accepted the over-cap depth). */
  problem?: string;
}

/** Props of the panel; `current` is -1 before the lesson starts. */
export interface LessonPanelProps {
  steps: readonly LessonStep[];
  rows: readonly AreaRow[];
  current: number;
  outcome: LessonOutcome | null;
  busy: boolean;
  disabled: boolean;
  /** Next (1) or previous (-1) step. */
  onStep(delta: 1 | -1): void;
}

/** The panel. */
export function LessonPanel(p: LessonPanelProps) {
  const step = p.steps[p.current];
  const row = step ? p.rows.find((r) => r.area === step.area) : undefined;
  const out = p.outcome?.step === p.current ? p.outcome : null;
  const nav = (
    <div className="tr-row tr-lesson-nav">
      <button type="button" className="btn" disabled={p.disabled || p.busy || p.current <= 0} onClick={() => p.onStep(-1)} aria-keyshortcuts="PageUp">
        ◀ Back
      </button>
      <span className="tr-lesson-at" title="PageUp / PageDown, or a presenter remote">
        {step ? `Step ${p.current + 1} of ${p.steps.length}` : `${p.steps.length} steps`}
      </span>
      <button type="button" className="btn btn-primary" disabled={p.disabled || p.busy || p.current >= p.steps.length - 1} onClick={() => p.onStep(1)} aria-keyshortcuts="PageDown">
        {p.current < 0 ? 'Start' : 'Next'} ▶
      </button>
    </div>
  );
  return (
    <div className="tr-lesson" data-testid="lesson">
      {nav}
      {!step ? (
        <>
          <p className="tr-lesson-say">
            {p.steps.map((s) => areaName(s.area, { rows: p.rows })).join(' · ')}.
          </p>
          <p className="tr-lesson-say">
            Each step selects the area on the pen, shows its recommended range and hard cap, and asks the pen for a depth past the cap so that
            the room sees the pen refuse it, with its reason.
          </p>
        </>
      ) : (
        <div className="tr-lesson-step" data-testid="lesson-step" aria-live="polite">
          <h3>
            {p.current + 1}. {row?.name ?? areaName(step.area)}
          </h3>
          {row ? (
            <dl className="tr-lesson-facts">
              <dt>Recommended</dt>
              <dd data-testid="lesson-range">{row.lo === row.hi ? mm(row.lo) : `${mm(row.lo)} – ${mm(row.hi)}`}</dd>
              <dt>Hard cap</dt>
              <dd data-testid="lesson-cap">{mm(row.cap)}</dd>
              {out?.refusedUm !== undefined && (
                <>
                  <dt>Refused</dt>
                  <dd data-testid="lesson-refused">
                    <strong>{mm(out.refusedUm)}</strong>
                    {out.reason ? <span className="tr-reason"> — the pen: “{out.reason}”</span> : null}
                  </dd>
                </>
              )}
            </dl>
          ) : (
            <p className="tone-warn">This pen’s profile has no such area.</p>
          )}
          <p className="tr-lesson-say">{step.say}</p>
          {out?.problem && (
            <p className="tr-refusal" role="alert" data-testid="lesson-problem">
              {out.problem}
            </p>
          )}
        </div>
      )}
    </div>
  );
}
