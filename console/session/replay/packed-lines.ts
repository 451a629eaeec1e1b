/**
 * A replay's recorded pen lines packed in one UTF-8 byte block with their
 * offsets, instead of one string per line: compact (a one-hour 200 Hz
 * session is ~50 MB, not ~720 000 heap strings), built as it is read, and
 * handed from the recordings worker to the main thread as transferable
 * buffers, without copying or deserialising line by line.
 */

/** The recorded pen lines of a replay, by index. */
export interface ReplayLines {
  readonly length: number;
  get(i: number): string;
}

/** Packed lines: line i is bytes[offsets[i] .. offsets[i+1]). */
export class PackedLines implements ReplayLines {
  constructor(
    readonly bytes: Uint8Array,
    readonly offsets: Float64Array,
  ) {}

  get length(): number {
    return Math.max(0, this.offsets.length - 1);
  }

  get(i: number): string {
    const a = this.offsets[i]!;
    return Buffer.from(this.bytes.buffer, this.bytes.byteOffset + a, this.offsets[i + 1]! - a).toString('utf8');
  }
}

/** Appends lines to growing buffers; `done()` gives PackedLines trimmed to size. */
export class LinePacker {
  private bytes = new Uint8Array(1 << 16);
  private offsets = new Float64Array(1024);
  private n = 0;
  private used = 0;

  push(line: string): void {
    const need = Buffer.byteLength(line, 'utf8');
    if (this.used + need > this.bytes.length) {
      const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.used + need));
      grown.set(this.bytes.subarray(0, this.used));
      this.bytes = grown;
    }
    if (this.n + 2 > this.offsets.length) {
      const grown = new Float64Array(this.offsets.length * 2);
      grown.set(this.offsets);
      this.offsets = grown;
    }
    Buffer.from(this.bytes.buffer, this.bytes.byteOffset, this.bytes.length).write(line, this.used, 'utf8');
    this.offsets[this.n] = this.used;
    this.used += need;
    this.n++;
    this.offsets[this.n] = this.used;
  }

  done(): PackedLines {
    return new PackedLines(this.bytes.slice(0, this.used), this.offsets.slice(0, this.n + 1));
  }
}
