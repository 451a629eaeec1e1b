/**
 * The trainer's live parts: the depth read-out and the section's needles follow every telemetry frame (at the
 * display's rate), while the rest of the trainer re-renders only when the pen's state or setpoint changes.
 * The read-out carries the device time of the frame it shows (`data-tlm-t`, read by the UI bench).
 */
import type { PenApi } from '../../shared/index.js';
import { mm } from '../../shared/index.js';
import { SkinSection, type SkinSectionProps } from './SkinSection.js';
import { depthCaption } from './skin-layers.js';
import { useSessionView } from './use-session-view.js';

/** "Set to" or "Needle at", and the layer that depth reaches. */
export function NeedleReadout({ api, setUm }: { api: Pick<PenApi, 'subscribe' | 'getSnapshot'>; setUm: number }) {
  const { tlm } = useSessionView(api);
  const running = tlm?.s === 'RUN';
  const shownUm = running ? tlm.m : setUm;
  const caption = depthCaption(shownUm);
  return (
    <div {...(tlm ? { 'data-tlm-t': tlm.t } : {})}>
      <p className="tr-depth" data-testid="trainer-depth">
        {running ? 'Needle at ' : 'Set to '}
        <strong>{mm(shownUm)}</strong>
      </p>
      <p className="tr-caption" data-testid="trainer-layer">
        {caption ? (
          <>
            reaches <strong>{caption.layer}</strong>, {caption.where} <span className="tr-use">· {caption.use}</span>
          </>
        ) : (
          'Needle retracted'
        )}
      </p>
    </div>
  );
}

/** The section with the set depth and the needle where the pen measures it. */
export function LiveSkinSection({ api, setUm, ...rest }: { api: Pick<PenApi, 'subscribe' | 'getSnapshot'>; setUm: number } & Omit<SkinSectionProps, 'needles'>) {
  const { tlm } = useSessionView(api);
  const measured = tlm?.s === 'RUN' ? tlm.m : 0;
  return <SkinSection {...rest} needles={[{ um: setUm, kind: 'set', label: 'set' }, { um: measured, kind: 'measured', label: 'needle' }]} />;
}
