/**
 * What a replay plays: a recording's pen → host frames that the pen sent on
 * its own (TLM, EVT) with their arrival times, and the pen's recorded answers
 * to the console's queries, so a replay can answer the replaying client's own
 * handshake and queries (HELLO, GET_INFO, GET_STATUS, GET_AREA, GET_CART…)
 * from what the pen really said. Recorded answers are not played as frames:
 * they answered the recorded console's seq numbers, not the replaying client's.
 *
 * A source is the recording's index (replay-index.ts, built in one streaming
 * pass) and its lines read block by block from the file while it plays
 * (replay-blocks.ts): memory does not grow with the recording's length.
 */
import { forEachLineAt, forEachLineIn } from './byte-lines.js';
import { emptyStats, readRecordLine } from './recording-reader.js';
import { bufferRange, fileRange, ReplayBlocks } from './replay-blocks.js';
import { ReplayIndexBuilder, type ReplayIndex } from './replay-index.js';

export { kindOf, queryKey, type RecordedAnswer, type ReplayMark } from './replay-index.js';

/** A recording ready to replay: its index, and its lines as they are read. */
export interface ReplaySource extends ReplayIndex {
  lines: ReplayBlocks;
}

/** Indexes a recording file for replay in one streaming pass (the recordings worker runs this). */
export async function replayIndexOfFile(path: string, name = path): Promise<ReplayIndex> {
  const b = new ReplayIndexBuilder();
  const stats = emptyStats();
  await forEachLineAt(path, (line, start, end) => {
    b.at = start;
    b.end = end;
    readRecordLine(line, b.sink, stats);
  });
  return b.done(name, stats);
}

/** A replay of a file indexed before (in the recordings worker): its lines are read from the file as it plays. */
export function replaySourceFromIndex(path: string, index: ReplayIndex): ReplaySource {
  return { ...index, lines: new ReplayBlocks(index, fileRange(path)) };
}

/** Indexes a recording file and replays it from the file. */
export async function replaySourceFromFile(path: string, name = path): Promise<ReplaySource> {
  return replaySourceFromIndex(path, await replayIndexOfFile(path, name));
}

/** A replay of a recording's text held in memory (tests): its blocks are there at once. */
export function replaySourceFromText(name: string, text: string): ReplaySource {
  const buf = Buffer.from(text, 'utf8');
  const b = new ReplayIndexBuilder();
  const stats = emptyStats();
  forEachLineIn(buf, (line, start, end) => {
    b.at = start;
    b.end = end;
    readRecordLine(line, b.sink, stats);
  });
  const index = b.done(name, stats);
  return { ...index, lines: new ReplayBlocks(index, bufferRange(buf)) };
}
