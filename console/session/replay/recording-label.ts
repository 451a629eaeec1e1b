/**
 * A recording's name given by the user, kept beside it as `<name>.label.json`
 * (the recording itself is never rewritten), and deleting a recording with
 * everything kept beside it.
 */
import { lstatSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { isRecordingLabel } from '../../shared/charts/index.js';
import { indexPathOf } from './recording-index.js';
import { lockPathOf, recordingInProgress } from './recording-lock.js';

/** The label file of a recording path. */
export function labelPathOf(recording: string): string {
  return recording.replace(/\.jsonl$/, '.label.json');
}

/** The user's name for a recording, or null. */
export function readLabel(recording: string): string | null {
  try {
    const v = (JSON.parse(readFileSync(labelPathOf(recording), 'utf8')) as { label?: unknown }).label;
    return isRecordingLabel(v) && v.trim() ? v.trim() : null;
  } catch {
    return null;
  }
}

/** Names a recording (an empty label removes the name). Throws with the reason. */
export function writeLabel(recording: string, label: string): void {
  if (!isRecordingLabel(label)) throw new Error('a recording name is up to 80 characters without control characters');
  if (!lstatSync(recording).isFile()) throw new Error('not a regular file');
  const path = labelPathOf(recording);
  if (!label.trim()) {
    rmSync(path, { force: true });
    return;
  }
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify({ label: label.trim() }));
  renameSync(tmp, path);
}

/** Deletes a recording, its index, label and a stale lock; refused while it is being written. */
export function deleteRecordingFiles(recording: string): void {
  if (recordingInProgress(recording)) throw new Error('it is still being written (a session is recording it); disconnect first');
  if (!lstatSync(recording).isFile()) throw new Error('not a regular file');
  rmSync(recording);
  for (const p of [indexPathOf(recording), labelPathOf(recording), lockPathOf(recording)]) rmSync(p, { force: true });
}
