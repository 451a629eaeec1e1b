/** The counters a PenClient keeps, and the stats snapshot it reports from them. */
import type { RttWindow } from './rtt-window.js';
import type { SeqGapCounter } from './seq-gap.js';
import type { ClientStats } from './types.js';

/** Counters updated as lines, frames and requests pass (shared with the request table). */
export function newClientCounters() {
  return {
    txLines: 0, rxLines: 0, rxFrames: 0, requests: 0, retransmits: 0, timeouts: 0, naks: 0, lateReplies: 0,
    crcErrors: 0, droppedLines: 0, telemetryFrames: 0, heartbeatsSent: 0, reconnects: 0,
    busyRefusals: 0, cancelled: 0, unexpectedAnswers: 0, hostStalls: 0,
  };
}

/** The counters of one client. */
export type ClientCounters = ReturnType<typeof newClientCounters>;

/** A snapshot of the counters with the losses from seq gaps and the RTT percentiles. */
export function clientStats(counters: ClientCounters, gaps: SeqGapCounter, rtt: RttWindow, queued: number): ClientStats {
  return {
    ...counters,
    queued,
    lostFrames: gaps.lost,
    replayedFrames: gaps.replays,
    rttSamples: rtt.count,
    rttP50Ms: rtt.percentile(50),
    rttP99Ms: rtt.percentile(99),
  };
}
