/**
 * A teaching card for an indication (or, for an area without one, the area
 * itself): depths, passes, sessions, numbing, after-care and contraindications
 * from the versioned teaching data, each fact numbered to its public source.
 * Labelled as educational; the pen's own range and cap for the area beside it.
 */
import type { AreaRow } from '../../shared/index.js';
import { mm } from '../../shared/index.js';
import { TEACHING, sourcesOf, type Fact, type Indication, type TeachingSource } from '../../shared/teaching/index.js';

/** The indication a card shows for an area: the first that lists it. */
export function indicationFor(area: string | undefined): Indication | undefined {
  return area ? TEACHING.indications.find((i) => i.areas.includes(area)) : undefined;
}

/** Props of the card. */
export interface TeachingCardProps {
  indication?: Indication | undefined;
  /** The pen's row for the selected area (its range and cap beside the teaching figures). */
  row?: AreaRow | undefined;
}

/** The card. */
export function TeachingCard({ indication, row }: TeachingCardProps) {
  const used: TeachingSource[] = [];
  const cite = (f: Fact) => {
    const nums = sourcesOf(f).map((s) => {
      if (!used.includes(s)) used.push(s);
      return used.indexOf(s) + 1;
    });
    return <sup className="tr-cite">[{nums.join(',')}]</sup>;
  };
  const line = (f: Fact) => (
    <>
      {f.text}
      {cite(f)}
    </>
  );
  const c = TEACHING.common;
  const title = indication?.title ?? row?.name ?? 'Microneedling';
  return (
    <article className="tr-card" aria-labelledby="tr-card-title" data-testid="teaching-card">
      <p className="tr-edu">Educational — not instructions for use</p>
      <h3 id="tr-card-title">{title}</h3>
      <dl className="tr-card-facts">
        {indication && (
          <>
            <dt>Depth</dt>
            <dd>
              {indication.from === indication.to ? mm(indication.from) : `${mm(indication.from)} – ${mm(indication.to)}`}
              {cite({ text: indication.title, sources: indication.sources })}
            </dd>
          </>
        )}
        {row && (
          <>
            <dt>This pen</dt>
            <dd data-testid="card-pen-range">
              {row.name}: {row.lo === row.hi ? mm(row.lo) : `${mm(row.lo)} – ${mm(row.hi)}`}, cap {mm(row.cap)}
            </dd>
          </>
        )}
        <dt>Passes</dt>
        <dd>{line(c.passes)}</dd>
        <dt>Sessions</dt>
        <dd>{line(c.sessions)}</dd>
        <dt>Numbing</dt>
        <dd>{line(c.numbing)}</dd>
      </dl>
      {indication?.notes.map((n) => (
        <p key={n.text} className="tr-card-note">
          {line(n)}
        </p>
      ))}
      <h4>After-care</h4>
      <ul>
        {c.aftercare.map((f) => (
          <li key={f.text}>{line(f)}</li>
        ))}
      </ul>
      <h4>Do not treat with</h4>
      <ul data-testid="contraindications">
        {c.contraindications.map((f) => (
          <li key={f.text}>{line(f)}</li>
        ))}
      </ul>
      <ol className="tr-sources" aria-label="Sources">
        {used.map((s) => (
          <li key={s.id}>
            {s.url ? <a href={s.url} target="_blank" rel="noreferrer">{s.title}</a> : s.title} <span className="tr-src-ref">({s.ref})</span>
          </li>
        ))}
      </ol>
      <p className="tr-src-ref">
        Teaching data v{TEACHING.version}, {TEACHING.updated}. {TEACHING.notice}
      </p>
    </article>
  );
}
