/**
 * A pen whose declarations exceed the protocol's absolute bounds (2.50 mm ceiling, 50–150 Hz, 43 °C…)
 * is marked non-conforming on every view: what it claims is listed as its claim, never presented as safe.
 */
import { usePenState } from '../use-pen.js';

export function NonConformingBanner() {
  const state = usePenState();
  const issues = state?.conformance ?? [];
  if (issues.length === 0 || state?.link === 'closed') return null;
  return (
    <section className="nonconforming-banner" role="alert" aria-labelledby="nonconf-title" data-testid="nonconforming-banner">
      <h2 id="nonconf-title">Non-conforming pen: do not use it on a person</h2>
      <p>
        This pen declares limits or reports readings outside the protocol's absolute bounds. The console shows them as the pen's
        claims; none of them is safe to rely on.
      </p>
      <ul>
        {issues.map((i) => (
          <li key={i.key}>It {i.text}.</li>
        ))}
      </ul>
    </section>
  );
}
