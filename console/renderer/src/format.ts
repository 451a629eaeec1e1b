/** Display formatting for the panels. */
export { mm } from '../../shared/index.js';

/** 20270131 → 2027-01-31. */
export function date8(n: number | undefined): string {
  if (n === undefined) return '—';
  const s = String(n);
  return `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}`;
}

/** Tenths of °C → "31.5 °C". */
export function celsius(tenths: number): string {
  return `${(tenths / 10).toFixed(1)} °C`;
}

/** Host epoch ms → HH:MM:SS.mmm local time. */
export function clock(ms: number): string {
  const d = new Date(ms);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}

/** Seconds → "12 min 5 s". */
export function duration(s: number | undefined): string {
  if (s === undefined) return '—';
  return s >= 60 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${s} s`;
}
