/**
 * The trainer as a person drives it, in headless Chromium on the production
 * UI over the browser-mode bridge, against the built-in simulated pen: every
 * control sends commands, and the test asserts what the screen then shows,
 * including the pen's refusals in words (SR-01, SR-02, SR-17).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, needs } from '../../support/requirements.js';
import { until } from '../../support/until.js';
import { openTrainer, startHarness, type Harness } from './harness.js';

describe('trainer view in the browser (Playwright, headless Chromium, simulated pen)', () => {
  let h: Harness | null = null;
  let page: Page;
  let problems: string[] = [];

  beforeAll(async () => {
    if (!HAS_CHROMIUM) return;
    h = await startHarness(false, 'renderer-trainer');
    ({ page, problems } = await openTrainer(h, 1280, 800));
  }, 90_000);

  afterAll(async () => {
    await h?.close();
  });

  // The pen answers within milliseconds; the default 1 s is too short on a machine shared with other test files.
  const poll = <T,>(f: () => T | Promise<T>, opts: { timeout?: number } = {}) => expect.poll(f, { timeout: 8000, ...opts });
  const depth = () => page.getByTestId('trainer-depth').textContent();
  const area = () => page.getByTestId('trainer-area').textContent();
  const answer = () => page.getByTestId('trainer-refusal').textContent();
  const info = async () => (await h!.session.getSnapshot()).state.info!;

  it.skipIf(!HAS_CHROMIUM)('before a pen is connected the trainer explains itself and offers Connect; Connect reaches the simulated pen' + needs.chromium, async () => {
    const empty = page.getByTestId('trainer-connect');
    await poll(() => empty.textContent()).toContain('No pen connected');
    expect(await page.locator('.tr-readout').textContent()).not.toMatch(/Set to|0\.00 mm/);
    expect(await page.locator('svg.face-map .region').count()).toBe(0);
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await poll(depth, { timeout: 10_000 }).toBe('Set to 0.25 mm');
    await until(() => h!.penState() === 'READY', 'the pen to report READY');
    await poll(() => page.locator('.area-list .area-btn').count()).toBe(12); // the areas come with the pen's GET_AREA answers
    expect(await area()).toBe('No area selected');
    expect(problems).toEqual([]);
  }, 60_000);

  it.skipIf(!HAS_CHROMIUM)('SR-02 a preset by indication selects its area and depth; a typed depth above the cap shows the pen’s refusal in words' + needs.chromium, async () => {
    await page.locator('[data-preset="acne-scars"]').click();
    await poll(area).toBe('Facial acne scars');
    await poll(depth).toBe('Set to 1.50 mm');
    expect(await page.getByTestId('trainer-layer').textContent()).toContain('the reticular dermis');
    expect((await info()).area).toBe('ACNE_SCAR');
    // Going shallower: the cheek keeps the depth; typed 0.6 becomes 0.60 mm at the pen.
    await page.locator('.area-list [data-area="CHEEK"]').click();
    await poll(area).toBe('Cheeks and chin');
    await page.getByLabel('Depth in millimetres').fill('0.6');
    await page.keyboard.press('Enter');
    await poll(depth).toBe('Set to 0.60 mm');
    // The forehead's cap is 0.75 mm: typed 1.00 mm goes to the pen, which refuses it and says why.
    await page.locator('.area-list [data-area="FOREHEAD"]').click();
    await poll(area).toBe('Forehead');
    await page.getByLabel('Depth in millimetres').fill('1.00');
    await page.keyboard.press('Enter');
    await poll(answer).toMatch(/^Refused: 1\.00 mm is deeper than the hard cap for Forehead \(0\.75 mm\)\. Choose 0\.75 mm or less/);
    expect(await depth()).toBe('Set to 0.60 mm');
    expect((await info()).um).toBe(600);
    expect(problems).toEqual([]);
  }, 60_000);

  it.skipIf(!HAS_CHROMIUM)('SR-01 the slider and steps stay inside the pen’s limits: − is disabled at its minimum and the slider ends at the area’s cap' + needs.chromium, async () => {
    // At 0.60 mm the pen would refuse the nose (cap 0.50 mm): the depth goes to its recommended top first, and the screen says so.
    await page.locator('.area-list [data-area="NOSE"]').click();
    await poll(area).toBe('Nose');
    await poll(depth).toBe('Set to 0.25 mm');
    expect(await answer()).toBe('Depth set to 0.25 mm first: the pen refuses Nose above its 0.50 mm cap.');
    const slider = page.getByLabel('Depth slider');
    expect(await slider.getAttribute('min')).toBe('250');
    expect(await slider.getAttribute('max')).toBe('500'); // the nose's hard cap, as the pen's AREA row reports it
    expect(await slider.getAttribute('step')).toBe('50');
    expect(await page.getByRole('button', { name: 'Shallower by 0.05 mm' }).isDisabled()).toBe(true);
    await slider.focus();
    await page.keyboard.press('End');
    await poll(depth).toBe('Set to 0.50 mm');
    expect(await page.getByRole('button', { name: 'Deeper by 0.05 mm' }).isDisabled()).toBe(true);
    expect(await page.getByTestId('depth-bounds').textContent()).toBe('0.25–0.50 mm, to the hard cap');
    await page.getByRole('button', { name: 'Shallower by 0.05 mm' }).click();
    await poll(depth).toBe('Set to 0.45 mm');
    // A typed value the pen cannot take at all is not sent; the message names the pen's limits.
    await page.getByLabel('Depth in millimetres').fill('0.33');
    await page.keyboard.press('Enter');
    await poll(answer).toBe('0.33 mm is not a depth this pen takes: it reports 0.25 mm to 2.50 mm in 0.05 mm steps.');
    expect((await info()).um).toBe(450);
    expect(problems).toEqual([]);
  }, 60_000);

  it.skipIf(!HAS_CHROMIUM)('compare 0.50 mm and 2.00 mm on the cheek: both needles on one section, each with the layer it reaches' + needs.chromium, async () => {
    // The cheek on the face map, as a person clicks it.
    await page.locator('svg.face-map [data-area="CHEEK"] ellipse').first().click();
    await poll(area).toBe('Cheeks and chin');
    await page.getByRole('tab', { name: 'Compare' }).click();
    await page.getByLabel('Depth A in millimetres').fill('0.5');
    await page.getByLabel('Depth B in millimetres').fill('2');
    await page.getByRole('button', { name: 'Compare', exact: true }).click();
    await poll(() => page.getByTestId('compare-b').textContent()).toMatch(/^B 2\.00 mm reaches the reticular dermis/);
    expect(await page.getByTestId('compare-a').textContent()).toMatch(/^A 0\.50 mm reaches the papillary dermis/);
    expect(await page.getByTestId('trainer-layer').textContent()).toBe('A reaches the papillary dermis · B reaches the reticular dermis');
    expect(await page.locator('.skin-section .needle-a').getAttribute('data-um')).toBe('500');
    expect(await page.locator('.skin-section .needle-b').getAttribute('data-um')).toBe('2000');
    // The two tips are 1.5 mm apart on the drawing's own scale.
    const tips = await page.evaluate(() =>
      ['a', 'b'].map((k) => (document.querySelector(`.skin-section .needle-${k} path`) as SVGGraphicsElement).getBBox()).map((b) => b.y + b.height),
    );
    expect(tips[1]! - tips[0]!).toBeCloseTo(150, 0); // 100 drawing units per mm
    expect((await info()).um).toBe(2000); // the pen was sent A, then B, and stays at B
    // On the forehead (cap 0.75 mm) the pen refuses B; the screen shows A accepted and the pen's reason for B.
    await page.locator('.area-list [data-area="FOREHEAD"]').click();
    await poll(area).toBe('Forehead');
    await page.getByRole('button', { name: 'Compare', exact: true }).click();
    await poll(answer).toMatch(/^A \(0\.50 mm\) accepted; B refused\. Refused: 2\.00 mm is deeper than the hard cap for Forehead \(0\.75 mm\)/);
    expect(await page.locator('.skin-section .needle-b').count()).toBe(0);
    await page.getByRole('tab', { name: 'Card' }).click();
    expect(problems).toEqual([]);
  }, 60_000);

  it.skipIf(!HAS_CHROMIUM)('SR-02 the guided lesson: PageDown walks forehead, eyes, cheek, acne scars, body; each step shows range, cap and a depth the pen refused, with its reason' + needs.chromium, async () => {
    const expected = [
      { name: 'Forehead', area: 'FOREHEAD', range: '0.25 mm – 0.50 mm', cap: '0.75 mm', refused: '0.80 mm', reason: /deeper than the hard cap for Forehead \(0\.75 mm\)/ },
      { name: 'Around the eyes (outside the orbital rim)', area: 'PERIORBITAL', range: '0.25 mm', cap: '0.50 mm', refused: '0.55 mm', reason: /hard cap for Around the eyes \(outside the orbital rim\) \(0\.50 mm\)/ },
      { name: 'Cheeks and chin', area: 'CHEEK', range: '0.50 mm – 1.00 mm', cap: '2.00 mm', refused: '2.05 mm', reason: /hard cap for Cheeks and chin \(2\.00 mm\)/ },
      { name: 'Facial acne scars', area: 'ACNE_SCAR', range: '1.00 mm – 1.50 mm', cap: '2.00 mm', refused: '2.05 mm', reason: /hard cap for Facial acne scars \(2\.00 mm\)/ },
      // The body's cap is the pen's own maximum: one step past it is outside the pen's range (SR-01).
      { name: 'Body, stretch marks', area: 'BODY', range: '1.50 mm – 2.00 mm', cap: '2.50 mm', refused: '2.55 mm', reason: /Depth 2\.55 mm is outside the pen's range of 0\.25–2\.50 mm/ },
    ];
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    for (const [i, e] of expected.entries()) {
      await page.keyboard.press('PageDown');
      const step = page.getByTestId('lesson-step');
      await poll(() => step.locator('h3').textContent()).toBe(`${i + 1}. ${e.name}`);
      expect(await page.locator('.tr-lesson-at').textContent()).toBe(`Step ${i + 1} of 5`);
      await poll(() => page.getByTestId('lesson-refused').textContent()).toContain(e.refused);
      expect(await page.getByTestId('lesson-range').textContent()).toBe(e.range);
      expect(await page.getByTestId('lesson-cap').textContent()).toBe(e.cap);
      expect(await page.getByTestId('lesson-refused').textContent()).toMatch(e.reason);
      // The pen holds the step's area at the top of its recommended range.
      const now = await info();
      expect(now.area).toBe(e.area);
      // The page hears of it with the next state push (≤ 50 ms, then the next frame).
      await poll(area).toBe(e.name);
      expect(await page.getByTestId('lesson-problem').count()).toBe(0);
    }
    // The card beside the section follows the lesson's indication.
    expect(await page.locator('#tr-card-title').count()).toBe(0); // the lesson tab is showing, not the card
    await page.keyboard.press('PageUp');
    await poll(() => page.getByTestId('lesson-step').locator('h3').textContent()).toBe('4. Facial acne scars');
    await poll(async () => (await info()).area).toBe('ACNE_SCAR');
    expect(problems).toEqual([]);
  }, 90_000);

  it.skipIf(!HAS_CHROMIUM)('a teaching card per indication, labelled educational, every fact numbered to a listed public source' + needs.chromium, async () => {
    await page.getByRole('tab', { name: 'Card' }).click();
    const card = page.getByTestId('teaching-card');
    await poll(() => card.locator('h3').textContent()).toBe('Acne scars');
    expect(await card.locator('.tr-edu').textContent()).toBe('Educational — not instructions for use');
    expect(await page.getByTestId('card-pen-range').textContent()).toBe('Facial acne scars: 1.00 mm – 1.50 mm, cap 2.00 mm');
    const text = await card.textContent();
    for (const fact of ['2–4 passes per area', 'Typically 3–6 sessions, 4–6 weeks apart', 'numbing cream', 'sunscreen', 'Pregnancy', 'keloid', 'Blood thinners', 'rosacea', 'Active acne']) {
      expect(text).toContain(fact);
    }
    // Every citation number points at a listed source; the FDA record of the first authorised pen is one of them.
    const cites = (await card.locator('.tr-cite').allTextContents()).flatMap((c) => c.replace(/[[\]]/g, '').split(',').map(Number));
    const sources = await card.locator('.tr-sources li').count();
    expect(Math.max(...cites)).toBe(sources);
    expect(Math.min(...cites)).toBe(1);
    expect(await card.locator('.tr-sources a[href*="DEN160029"]').count()).toBe(1);
    expect(problems).toEqual([]);
  }, 60_000);

  it.skipIf(!HAS_CHROMIUM)('correct pictures and words: around the eyes is drawn outside the orbital rim, the caption follows the depth, a true scale bar, area names not ids' + needs.chromium, async () => {
    // Around the eyes: no point inside either orbital rim is part of the region; points just outside are.
    const geometry = await page.evaluate(() => {
      const rims = Array.from(document.querySelectorAll('svg.face-map .orbital-rim')) as SVGEllipseElement[];
      const region = Array.from(document.querySelectorAll('svg.face-map [data-area="PERIORBITAL"] path')) as SVGPathElement[];
      const inside = (x: number, y: number) => region.some((p) => p.isPointInFill(new DOMPoint(x, y)));
      let insideRim = 0;
      let outsideRim = 0;
      for (const e of rims) {
        const cx = e.cx.baseVal.value, cy = e.cy.baseVal.value, rx = e.rx.baseVal.value, ry = e.ry.baseVal.value;
        for (let a = 0; a < 360; a += 10) {
          const c = Math.cos((a * Math.PI) / 180), s = Math.sin((a * Math.PI) / 180);
          for (const k of [0, 0.3, 0.6, 0.95]) if (inside(cx + k * rx * c, cy + k * ry * s)) insideRim++;
          if (inside(cx + 1.15 * rx * c, cy + 1.15 * ry * s)) outsideRim++;
        }
      }
      return { rims: rims.length, regions: region.length, insideRim, outsideRim };
    });
    expect(geometry).toEqual({ rims: 2, regions: 2, insideRim: 0, outsideRim: 2 * 36 });
    // The caption names what this depth reaches, and differs at 0.55 and 2.50 mm (same layer).
    await page.locator('.area-list [data-area="BODY"]').click();
    await poll(area).toBe('Body, stretch marks');
    const caption = page.getByTestId('trainer-layer');
    await page.getByLabel('Depth in millimetres').fill('0.55');
    await page.keyboard.press('Enter');
    await poll(depth).toBe('Set to 0.55 mm');
    expect(await caption.textContent()).toMatch(/^reaches the reticular dermis, 0\.05 mm into it, 1\.95 mm above the subcutis/);
    await page.getByLabel('Depth in millimetres').fill('2.5');
    await page.keyboard.press('Enter');
    await poll(depth).toBe('Set to 2.50 mm');
    expect(await caption.textContent()).toMatch(/^reaches the reticular dermis, on its boundary with the subcutis/);
    // The scale bar is 1 mm of the ruler, on screen, whatever size the drawing is shown at.
    for (const size of [{ width: 1280, height: 800 }, { width: 1024, height: 768 }]) {
      await page.setViewportSize(size);
      const m = await page.evaluate(() => {
        const svg = document.querySelector('svg.skin-section') as SVGSVGElement;
        const ticks = Array.from(svg.querySelectorAll('text')).filter((t) => t.textContent === '0.0' || t.textContent === '1.0').map((t) => t.getBoundingClientRect().y);
        const bar = svg.querySelector('[data-testid="scale-bar"] line')!.getBoundingClientRect();
        return { mmPx: ticks[1]! - ticks[0]!, barPx: bar.width, text: document.body.innerText };
      });
      expect(m.barPx).toBeGreaterThan(80);
      expect(Math.abs(m.barPx - m.mmPx)).toBeLessThan(1.5);
      expect(m.text).not.toMatch(/px, to scale/);
    }
    await page.setViewportSize({ width: 1280, height: 800 });
    // Names, never the pen's ids, in the trainer and on the Charts tab (its passes axis and the session summary).
    const shown = await page.getByTestId('trainer').innerText();
    expect(shown).not.toMatch(/\b(FOREHEAD|PERIORBITAL|CHEEK|ACNE_SCAR|BODY|UPPER_LIP|DECOLLETAGE)\b/);
    await page.getByRole('tab', { name: 'Charts' }).click();
    await poll(() => page.getByTestId('summary-areas').textContent()).toContain('Facial acne scars');
    try {
      const axis = () => page.locator('[aria-label^="Passes per treatment area"] .recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value').allTextContents();
      await poll(axis).toContain('Acne scars');
      expect((await axis()).join(' ')).not.toMatch(/ACNE_SCAR|CHEEK/);
    } finally {
      await page.getByRole('tab', { name: 'Trainer' }).click();
      await page.getByTestId('trainer').waitFor();
    }
    expect(problems).toEqual([]);
  }, 60_000);

  it.skipIf(!HAS_CHROMIUM)('SR-17 profiles: the active profile and its hash, an engineering session opened with the key, a wrong key refused, Load on the pen sends TRAINING, and what changed' + needs.chromium, async () => {
    await page.locator('.area-list [data-area="FOREHEAD"]').click();
    await poll(area).toBe('Forehead');
    await page.getByRole('tab', { name: 'Profile' }).click();
    const active = page.getByTestId('profile-active');
    const phash = (await info()).phash;
    await poll(() => active.textContent()).toBe(`Profile DEFAULT v1 · hash ${phash} ✓ its rows match the hash`);
    // A wrong key: the pen refuses the MAC, and says so in words.
    const key = page.getByLabel('Engineering key (hex)');
    expect(await key.inputValue()).toBe('70656e62656e63682d6465762d656e67696e656572696e672d6b65792d3031'); // prefilled: the built-in simulator
    await key.fill('00112233');
    await page.getByRole('button', { name: 'Open session' }).click();
    await poll(answer).toBe('The engineering key was not accepted. Check the key for this pen.');
    expect(await page.getByTestId('trainer-eng').textContent()).toBe('Locked');
    await key.fill('70656e62656e63682d6465762d656e67696e656572696e672d6b65792d3031');
    await page.getByRole('button', { name: 'Open session' }).click();
    await poll(() => page.getByTestId('trainer-eng').textContent()).toBe('Session open');
    // Load on the pen: the session sends ENG_PROFILE and reads the new rows.
    expect(await page.getByTestId('profile-switch-missing').count()).toBe(0);
    await page.getByLabel('Profile name').fill('TRAINING');
    await page.getByRole('button', { name: 'Load on the pen' }).click();
    await poll(() => active.textContent(), { timeout: 8000 }).toMatch(/^Profile TRAINING v1 · hash [0-9A-F]{8} ✓ its rows match the hash$/);
    expect(await active.textContent()).not.toContain(phash);
    const changes = page.getByTestId('profile-changes');
    expect(await changes.locator('p').textContent()).toBe(`Changed from DEFAULT v1 (${phash}): 12 areas differ.`);
    expect(await changes.locator('tr[data-area="FOREHEAD"]').textContent()).toBe('Forehead0.25–0.50 mm → 0.25–0.50 mm0.75 mm → 0.50 mm');
    expect(await changes.locator('tr[data-area="BODY"]').textContent()).toBe('Body, stretch marks1.50–2.00 mm → 1.50–2.00 mm2.50 mm → 2.00 mm');
    // The rest of the trainer follows the pen's new rows: the forehead's cap is now 0.50 mm.
    expect(await page.locator('.tr-area-range').textContent()).toContain('hard cap 0.50 mm');
    expect(await page.getByLabel('Depth slider').getAttribute('max')).toBe('500');
    // Back to DEFAULT for what follows.
    await page.getByLabel('Profile name').fill('DEFAULT');
    await page.getByRole('button', { name: 'Load on the pen' }).click();
    await poll(() => active.textContent()).toBe(`Profile DEFAULT v1 · hash ${phash} ✓ its rows match the hash`);
    await page.getByRole('button', { name: 'Close session' }).click();
    await poll(() => page.getByTestId('trainer-eng').textContent()).toBe('Locked');
    await page.getByRole('tab', { name: 'Card' }).click();
    expect(problems).toEqual([]);
  }, 60_000);

});
