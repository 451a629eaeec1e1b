/**
 * Limits output to what a UART at `baud` carries (10 bits per byte), like a
 * pen's TX FIFO. Telemetry must never starve answers: when the link is
 * saturated (200 Hz TLM needs ~16 kB/s, 115200 baud carries 11.5 kB/s) a
 * real pen drops stale telemetry rather than delaying a STOP's ACK. So:
 * - a TLM line is admitted only while the queue holds less than `tlmQueueMs`
 *   of transmit time, so queued telemetry stays fresh;
 * - an answer or event evicts the telemetry waiting ahead of it once the queue
 *   holds more than `answerWaitMs` of transmit time.
 * Nothing is reordered: dropped and evicted TLM lines are simply never sent,
 * so the host sees their seq numbers as gaps and counts them as lost.
 */

interface Entry {
  text: string;
  tlm: boolean;
}

const TLM_LINE = /^\$\d{1,5} TLM /;

/** Output throttle with telemetry shedding. */
export class UartThrottle {
  private queue: Entry[] = [];
  private queued = 0;
  /** Bytes of the head entry already on the wire (it is never evicted). */
  private headSent = 0;
  private budget = 0;
  private last = performance.now();
  private timer: ReturnType<typeof setInterval> | null = null;
  /** Lines dropped because the queue was full. */
  overflows = 0;
  /** Telemetry lines not sent because the link was saturated. */
  tlmShed = 0;

  constructor(
    private readonly baud: number,
    private readonly write: (text: string) => void,
    private readonly maxQueue = 4096,
    private readonly tlmQueueMs = 20,
    private readonly answerWaitMs = 10,
  ) {}

  private bytesFor(ms: number): number {
    return (this.baud / 10_000) * ms;
  }

  /** Queue text for output. */
  push(text: string): void {
    if (this.baud <= 0) {
      this.write(text);
      return;
    }
    const tlm = TLM_LINE.test(text);
    if (tlm && this.queued >= this.bytesFor(this.tlmQueueMs)) {
      this.tlmShed++;
      return;
    }
    if (!tlm && this.queued > this.bytesFor(this.answerWaitMs)) this.evictTelemetry();
    if (this.queued + text.length > this.maxQueue) {
      this.overflows++;
      return;
    }
    this.queue.push({ text, tlm });
    this.queued += text.length;
    this.timer ??= setInterval(() => this.pump(), 2);
  }

  private evictTelemetry(): void {
    const kept: Entry[] = [];
    this.queue.forEach((e, i) => {
      if (e.tlm && !(i === 0 && this.headSent > 0)) {
        this.queued -= e.text.length - (i === 0 ? this.headSent : 0);
        this.tlmShed++;
      } else kept.push(e);
    });
    if (kept[0] !== this.queue[0]) this.headSent = 0;
    this.queue = kept;
  }

  private pump(): void {
    const now = performance.now();
    this.budget = Math.min(this.budget + (now - this.last) * (this.baud / 10_000), 512);
    this.last = now;
    let out = '';
    while (this.queue.length > 0 && this.budget >= 1) {
      const head = this.queue[0]!;
      const left = head.text.length - this.headSent;
      const n = Math.min(left, Math.floor(this.budget));
      out += head.text.slice(this.headSent, this.headSent + n);
      this.budget -= n;
      this.queued -= n;
      if (n === left) {
        this.queue.shift();
        this.headSent = 0;
      } else this.headSent += n;
    }
    if (out.length > 0) this.write(out);
    if (this.queue.length === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = null;
      this.budget = 0;
    }
  }

  /** Stop the pump (pending text is discarded). */
  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.queue = [];
    this.queued = 0;
    this.headSent = 0;
  }
}
