/** Polls `f` until it returns a truthy value, or fails naming what it waited for. */
export async function until<T>(f: () => T | undefined | null | false, what: string, ms = 8000, stepMs = 10): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}
