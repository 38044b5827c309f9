/**
 * The container: a zip archive read with yauzl (random access through the central directory, each
 * entry inflated as a stream by Node's zlib), after a look at the first bytes (an OLE/CFB file is an
 * encrypted workbook or a legacy .xls) and with limits against zip bombs.
 *
 * @internal
 */
import { open as openFile, readFile } from "node:fs/promises"
import { createInflateRaw } from "node:zlib"
import yauzl from "yauzl"
import { SourceError } from "@govplan/source"

/** @internal */
export interface Limits {
  readonly maxUncompressedBytes: number
  readonly maxCompressionRatio: number
}

/** @internal */
export interface Archive {
  readonly names: ReadonlyArray<string>
  readonly has: (name: string) => boolean
  /** The entry's size once inflated, as the archive declares it (enforced while reading). */
  readonly size: (name: string) => number
  /** The entry's bytes as they inflate (up to 256 KiB at a time). */
  readonly read: (name: string) => AsyncIterable<Buffer>
  readonly close: () => void
}

/** Entries smaller than this are never a zip bomb, however well they compress (a sheet of empty formatted rows). */
const RATIO_FLOOR = 16 * 1024 * 1024

/** Inflated piece size: zlib's default 16 KiB costs a callback and a scanner pass per piece; 256 KiB costs a third less CPU. */
const CHUNK = 256 * 1024

const CFB = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]

const startsWith = (b: Uint8Array, magic: ReadonlyArray<number>) => magic.every((m, i) => b[i] === m)

const firstBytes = async (input: string | Uint8Array): Promise<Uint8Array> => {
  if (input instanceof Uint8Array) return input.subarray(0, 8)
  const fh = await openFile(input, "r")
  try {
    const b = Buffer.alloc(8)
    const { bytesRead } = await fh.read(b, 0, 8, 0)
    return b.subarray(0, bytesRead)
  } finally {
    await fh.close()
  }
}

const includesUtf16 = (hay: Uint8Array, word: string): boolean =>
  Buffer.from(hay.buffer, hay.byteOffset, hay.byteLength).includes(Buffer.from(word, "utf16le"))

/** @internal */
export const open = async (input: string | Uint8Array, source: string, limits: Limits): Promise<Archive> => {
  const fail = (reason: SourceError.Reason, detail: string, cause?: unknown) =>
    new SourceError.SourceError({ reason, source, detail, ...(cause !== undefined ? { cause } : {}) })
  const head = await firstBytes(input)
  if (startsWith(head, CFB)) {
    // an OLE compound file: Office keeps an encrypted .xlsx in one (streams EncryptionInfo and
    // EncryptedPackage); otherwise it is a legacy BIFF .xls
    const all = input instanceof Uint8Array ? input : await readFile(input)
    if (includesUtf16(all, "EncryptionInfo") || includesUtf16(all, "EncryptedPackage")) {
      throw fail("Encoding", "the workbook is encrypted (password-protected): save a copy without a password (文件 → 信息 → 保护工作簿 → 用密码进行加密, clear it)")
    }
    throw fail("Encoding", "a legacy Excel 97-2003 .xls workbook (OLE compound file), not .xlsx: save it as .xlsx (Excel 工作簿)")
  }
  if (!(head[0] === 0x50 && head[1] === 0x4b)) {
    const shown = Array.from(head.subarray(0, 4), (b) => b.toString(16).padStart(2, "0")).join(" ")
    throw fail("Encoding", `not an .xlsx workbook: the file is not a zip archive (it starts with bytes ${shown || "(empty file)"}; a CSV or HTML file renamed .xlsx?)`)
  }
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => {
    const options: yauzl.Options = { lazyEntries: true, autoClose: false, validateEntrySizes: true }
    const done = (e: Error | null, z?: yauzl.ZipFile) => (e !== null || z === undefined ? reject(fail("Encoding", `not a readable zip archive: ${e?.message ?? "no archive"}`, e)) : resolve(z))
    if (input instanceof Uint8Array) yauzl.fromBuffer(Buffer.from(input.buffer, input.byteOffset, input.byteLength), options, done)
    else yauzl.open(input, options, done)
  })
  const entries = new Map<string, yauzl.Entry>()
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on("entry", (e: yauzl.Entry) => {
        entries.set(e.fileName, e)
        zip.readEntry()
      })
      zip.on("end", () => resolve())
      zip.on("error", (e: Error) => reject(fail("Encoding", `a broken zip archive: ${e.message}`, e)))
      zip.readEntry()
    })
  } catch (e) {
    zip.close()
    throw e
  }
  let total = 0
  for (const e of entries.values()) {
    total += e.uncompressedSize
    if (e.uncompressedSize > RATIO_FLOOR && e.uncompressedSize > limits.maxCompressionRatio * Math.max(1, e.compressedSize)) {
      zip.close()
      throw fail(
        "Limit",
        `zip entry ${e.fileName} inflates ${e.compressedSize} bytes to ${e.uncompressedSize}, a ratio over ${limits.maxCompressionRatio}: a zip bomb? (raise maxCompressionRatio if the file is genuine)`
      )
    }
  }
  if (total > limits.maxUncompressedBytes) {
    zip.close()
    throw fail("Limit", `the archive inflates to ${total} bytes, more than the ${limits.maxUncompressedBytes} allowed (maxUncompressedBytes): a zip bomb?`)
  }
  return {
    names: [...entries.keys()],
    has: (name) => entries.has(name),
    size: (name) => entries.get(name)?.uncompressedSize ?? 0,
    read: (name) => ({
      [Symbol.asyncIterator]: async function*() {
        const entry = entries.get(name)
        if (entry === undefined) throw fail("Encoding", `the workbook has no part ${name}`)
        if (entry.isEncrypted()) throw fail("Encoding", `zip entry ${name} is encrypted: save the workbook without a password`)
        // inflated here rather than by yauzl, in larger pieces; the declared size is enforced the same way
        const deflated = entry.compressionMethod === 8
        if (!deflated && entry.compressionMethod !== 0) throw fail("Encoding", `zip entry ${name} uses compression method ${entry.compressionMethod}, not deflate`)
        const raw = await new Promise<NodeJS.ReadableStream & { destroy: () => void }>((resolve, reject) =>
          zip.openReadStream(entry, { decodeFileData: false } as unknown as yauzl.ZipFileOptions, (e, s) =>
            e !== null || s === undefined ? reject(fail("Encoding", `cannot read zip entry ${name}: ${e?.message}`, e)) : resolve(s as never))
        )
        const inflate = deflated ? createInflateRaw({ chunkSize: CHUNK }) : undefined
        const stream = inflate === undefined ? raw : (raw.pipe(inflate) as unknown as typeof raw)
        if (inflate !== undefined) raw.on("error", (e: Error) => inflate.destroy(e))
        const declared = entry.uncompressedSize
        let seen = 0
        try {
          for await (const chunk of stream) {
            const b = chunk as Buffer
            seen += b.length
            if (seen > declared) {
              throw fail("Limit", `zip entry ${name} inflates to more bytes than its header declares (${declared}; a zip bomb?)`)
            }
            yield b
          }
          if (seen < declared) throw fail("Encoding", `zip entry ${name} is damaged: it inflates to ${seen} bytes, its header declares ${declared}`)
        } catch (e) {
          if (e instanceof SourceError.SourceError) throw e
          const msg = e instanceof Error ? e.message : String(e)
          throw fail(
            /too many bytes|too few bytes/.test(msg) ? "Limit" : "Encoding",
            /too many bytes/.test(msg)
              ? `zip entry ${name} inflates to more bytes than its header declares (a zip bomb?): ${msg}`
              : `zip entry ${name} is damaged: ${msg}`,
            e
          )
        } finally {
          stream.destroy()
          if (stream !== raw) raw.destroy()
        }
      }
    }),
    close: () => zip.close()
  }
}
