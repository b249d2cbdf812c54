// Deferred plane rotations of adjacent columns, for the bidiagonal QR's singular vectors.
//
// A QR sweep over B's block ll..m rotates columns (ll, ll+1), (ll+1, ll+2), ... of U (and of V)
// in turn (LAPACK's dlasr with pivot "V"). Applying each sweep at once streams all of U through
// the cache per sweep; recording sweeps and applying a batch of them row by row keeps each row in
// registers and L1 while every recorded rotation runs over it, so the cost is the arithmetic.
// Nothing reads U or V until the iteration ends, so the batch is flushed only when the log is
// full and once at the end.

/** Rotations of columns (j, j+1) of a row-major matrix: x_j' = c x_j + s x_{j+1}, x_{j+1}' = c x_{j+1} - s x_j. */
export class RotationLog {
  private readonly cos: Float64Array;
  private readonly sin: Float64Array;
  private readonly starts: Int32Array;
  private readonly counts: Int32Array;
  private readonly backward: Uint8Array;
  private entries = 0;
  private used = 0;

  /** data: rows x (at least the rotated columns), row stride `stride`. */
  constructor(private readonly data: Float64Array, private readonly rows: number, private readonly stride: number, capacity: number) {
    this.cos = new Float64Array(capacity);
    this.sin = new Float64Array(capacity);
    this.starts = new Int32Array(capacity);
    this.counts = new Int32Array(capacity);
    this.backward = new Uint8Array(capacity);
  }

  /**
   * Rotations of pairs (start + i, start + i + 1) with c[i], s[i], i < count: in increasing i
   * (dlasr's forward order) or decreasing (backward).
   */
  sequence(start: number, count: number, backward: boolean, c: Float64Array, s: Float64Array): void {
    if (this.used + count > this.cos.length) this.flush();
    if (count > this.cos.length) throw new Error(`RotationLog: a sequence of ${count} rotations exceeds the capacity ${this.cos.length}`);
    this.cos.set(c.subarray(0, count), this.used);
    this.sin.set(s.subarray(0, count), this.used);
    this.starts[this.entries] = start;
    this.counts[this.entries] = count;
    this.backward[this.entries] = backward ? 1 : 0;
    this.entries++;
    this.used += count;
  }

  /** One rotation of columns (start, start + 1). */
  single(start: number, c: number, s: number): void {
    if (this.used + 1 > this.cos.length) this.flush();
    this.cos[this.used] = c;
    this.sin[this.used] = s;
    this.starts[this.entries] = start;
    this.counts[this.entries] = 1;
    this.backward[this.entries] = 0;
    this.entries++;
    this.used++;
  }

  /** Applies every recorded rotation, in order, to every row; empties the log. */
  flush(): void {
    const { data, rows, stride, cos, sin, starts, counts, backward } = this;
    const entries = this.entries;
    let r = 0;
    // Two rows at a time: independent dependency chains through the carried entry.
    for (; r + 1 < rows; r += 2) {
      const o0 = r * stride, o1 = o0 + stride;
      for (let q = 0, off = 0; q < entries; q++) {
        const st = starts[q]!, count = counts[q]!;
        if (backward[q] === 0) {
          let x0 = data[o0 + st]!, x1 = data[o1 + st]!;
          for (let i = 0; i < count; i++) {
            const c = cos[off + i]!, s = sin[off + i]!;
            const j = st + i + 1;
            const y0 = data[o0 + j]!, y1 = data[o1 + j]!;
            data[o0 + j - 1] = c * x0 + s * y0;
            data[o1 + j - 1] = c * x1 + s * y1;
            x0 = c * y0 - s * x0;
            x1 = c * y1 - s * x1;
          }
          data[o0 + st + count] = x0;
          data[o1 + st + count] = x1;
        } else {
          let y0 = data[o0 + st + count]!, y1 = data[o1 + st + count]!;
          for (let i = count - 1; i >= 0; i--) {
            const c = cos[off + i]!, s = sin[off + i]!;
            const j = st + i;
            const x0 = data[o0 + j]!, x1 = data[o1 + j]!;
            data[o0 + j + 1] = c * y0 - s * x0;
            data[o1 + j + 1] = c * y1 - s * x1;
            y0 = c * x0 + s * y0;
            y1 = c * x1 + s * y1;
          }
          data[o0 + st] = y0;
          data[o1 + st] = y1;
        }
        off += count;
      }
    }
    for (; r < rows; r++) {
      const o = r * stride;
      for (let q = 0, off = 0; q < entries; q++) {
        const st = starts[q]!, count = counts[q]!;
        if (backward[q] === 0) {
          let x = data[o + st]!;
          for (let i = 0; i < count; i++) {
            const c = cos[off + i]!, s = sin[off + i]!, y = data[o + st + i + 1]!;
            data[o + st + i] = c * x + s * y;
            x = c * y - s * x;
          }
          data[o + st + count] = x;
        } else {
          let y = data[o + st + count]!;
          for (let i = count - 1; i >= 0; i--) {
            const c = cos[off + i]!, s = sin[off + i]!, x = data[o + st + i]!;
            data[o + st + i + 1] = c * y - s * x;
            y = c * x + s * y;
          }
          data[o + st] = y;
        }
        off += count;
      }
    }
    this.entries = 0;
    this.used = 0;
  }
}
