/**
 * What a person does at the console, counted: a click is one action, a key
 * press one, a typed value one (the field chosen and its text typed; the
 * Enter after it is a key of its own), a choice in a drop-down two (open it,
 * pick). Each action is kept with what it was done to, for the report.
 */
import type { Locator, Page } from 'playwright-core';

/** One person's actions on one page, task by task. */
export class Person {
  private done: string[] = [];
  /** Actions of each finished task, by task name. */
  readonly tasks = new Map<string, string[]>();

  constructor(readonly page: Page) {}

  /** One click on what `l` finds. */
  async click(l: Locator): Promise<void> {
    this.done.push(`click ${l}`);
    await l.click();
  }

  /** One key press to whatever has the focus. */
  async press(key: string): Promise<void> {
    this.done.push(`key ${key}`);
    await this.page.keyboard.press(key);
  }

  /** One typed value: the field's text replaced by `text`. */
  async type(l: Locator, text: string): Promise<void> {
    this.done.push(`type "${text}" into ${l}`);
    await l.fill(text);
  }

  /** Two actions: a drop-down opened and an option picked. */
  async choose(l: Locator, value: string): Promise<void> {
    this.done.push(`open ${l}`, `pick ${value}`);
    await l.selectOption(value);
  }

  /** Runs a task, keeps its actions under `name` and returns how many it took. */
  async task(name: string, f: () => Promise<void>): Promise<number> {
    this.done = [];
    await f();
    this.tasks.set(name, this.done);
    return this.done.length;
  }

  /** Action counts by task. */
  counts(): Record<string, number> {
    return Object.fromEntries([...this.tasks].map(([k, v]) => [k, v.length]));
  }
}
