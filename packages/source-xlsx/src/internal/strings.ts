/**
 * The shared strings table, kept compact: every string's UTF-8 bytes one after the other in one
 * buffer, and where each ends in a `Uint32Array` — about the size of the text itself, where an array
 * of JavaScript strings costs some 40 bytes more per string (a 12345 export has a unique 工单编号 per
 * row: a million strings). A string is decoded when a cell asks for it; a small direct-mapped cache
 * keeps the recent ones, so the codes a sheet repeats (满意度, 所属居委 …) are decoded once.
 *
 * @internal
 */

const CACHE_BITS = 14
const CACHE = 1 << CACHE_BITS
const MASK = CACHE - 1

/** @internal */
export class SharedStrings {
  private bytes: Buffer
  private ends: Uint32Array
  private used = 0
  private count = 0
  private readonly cacheKey = new Int32Array(CACHE).fill(-1)
  private readonly cacheValue: Array<string> = new Array<string>(CACHE).fill("")

  /** `bytes`: at most how many bytes the text takes (the part's inflated size: resolving entities only shortens it). */
  constructor(bytes: number, strings: number) {
    this.bytes = Buffer.allocUnsafeSlow(Math.max(64, bytes))
    this.ends = new Uint32Array(Math.max(16, strings))
  }

  /** How many strings the table has. */
  get length(): number {
    return this.count
  }

  /** Adds bytes to the string being read. */
  append(buf: Uint8Array, a: number, b: number): void {
    const n = b - a
    if (this.used + n > this.bytes.length) this.grow(this.used + n)
    this.bytes.set(buf.subarray(a, b), this.used)
    this.used += n
  }

  /** Adds text to the string being read. */
  appendString(s: string): void {
    const max = s.length * 3
    if (this.used + max > this.bytes.length) this.grow(this.used + max)
    this.used += this.bytes.write(s, this.used, "utf8")
  }

  /** Ends the string being read: it is the next index. */
  end(): void {
    if (this.count === this.ends.length) {
      const more = new Uint32Array(this.ends.length * 2)
      more.set(this.ends)
      this.ends = more
    }
    if (this.used > 0xffffffff) throw new RangeError("the shared strings take more than 4 GiB")
    this.ends[this.count++] = this.used
  }

  /** String `i`, or undefined when the table has none such. */
  get(i: number): string | undefined {
    if (!(i >= 0 && i < this.count)) return undefined
    const slot = i & MASK
    if (this.cacheKey[slot] === i) return this.cacheValue[slot]
    const s = this.bytes.toString("utf8", i === 0 ? 0 : this.ends[i - 1]!, this.ends[i]!)
    this.cacheKey[slot] = i
    this.cacheValue[slot] = s
    return s
  }

  private grow(need: number): void {
    const more = Buffer.allocUnsafeSlow(Math.max(need, this.bytes.length * 2))
    this.bytes.copy(more, 0, 0, this.used)
    this.bytes = more
  }
}

/** An empty table (a workbook without shared strings, or when they are not read). @internal */
export const empty = (): SharedStrings => new SharedStrings(0, 0)
