/**
 * Writing output files safely: a file name made from plan text is sanitised and stays inside the
 * output folder, and every file is written to a temporary file in the same folder, flushed, and then
 * renamed over the target, so a failed or interrupted write never replaces a good file with a
 * truncated one.
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { DataError } from "./Failure.js"

/** The longest file name written, in UTF-8 bytes (file systems allow 255; the temp name adds some). */
const MAX_NAME_BYTES = 200

/**
 * A file name from untrusted text (a plan's office, a title): no path separators, no `..`, no
 * control characters or characters Windows forbids (`<>:"/\|?*`), no leading dots or trailing dots
 * and spaces, at most 200 UTF-8 bytes; `fallback` when nothing is left.
 */
export const safeName = (text: string, fallback: string): string => {
  let s = text
    .normalize("NFC")
    .replace(/[\u0000-\u001f\u007f<>:"/\\|?*]/g, "_")
    .replace(/\.{2,}/g, "_")
    .replace(/^[\s.]+/, "")
    .replace(/[\s.]+$/, "")
  while (Buffer.byteLength(s) > MAX_NAME_BYTES) s = [...s].slice(0, -1).join("")
  return s === "" || s === "_" ? fallback : s
}

/**
 * The path of `name` inside `dir`: `name` is first made safe ({@link safeName}), and the result is
 * checked to be a direct child of `dir`.
 */
export const inside = (dir: string, name: string, extension: string, fallback: string): string => {
  const root = path.resolve(dir)
  const file = path.resolve(root, `${safeName(name, fallback)}${extension}`)
  if (path.dirname(file) !== root) throw new DataError(`refusing to write outside ${root}: ${JSON.stringify(name)}`)
  return file
}

const pending = new Set<string>()

/** Removes the temporary files of writes still in progress (on Ctrl-C, before exiting). */
export const removePending = (): void => {
  for (const file of pending) {
    try {
      fs.rmSync(file, { force: true })
    } catch {
      // best effort on the way out
    }
  }
  pending.clear()
}

/**
 * Writes `data` to `file` atomically: into `.<name>.<pid>.tmp` in the same folder (created if
 * missing), flushed to disk, then renamed over `file`. On any failure the temporary file is removed,
 * the old `file` (if any) is untouched, and a {@link DataError} says what could not be written.
 */
export const writeAtomic = (file: string, data: string | Uint8Array): void => {
  const dir = path.dirname(file)
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.tmp`)
  try {
    fs.mkdirSync(dir, { recursive: true })
    pending.add(temp)
    const fd = fs.openSync(temp, "w", 0o644)
    try {
      fs.writeFileSync(fd, data)
      fs.fsyncSync(fd)
    } finally {
      fs.closeSync(fd)
    }
    fs.renameSync(temp, file)
    pending.delete(temp)
  } catch (e) {
    try {
      fs.rmSync(temp, { force: true })
    } catch {
      // the folder itself is unusable (a file where the folder should be): nothing was written
    }
    pending.delete(temp)
    throw new DataError(`cannot write ${file}: ${(e as Error).message}`)
  }
}
