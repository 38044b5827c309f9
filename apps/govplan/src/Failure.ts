/**
 * How a govplan command fails: the exit codes, the errors that choose them, and the one line a user
 * sees. A usage error exits 2, a data or source error 3, too many rejected rows 4, anything else 1;
 * no JavaScript stack trace (or `.ts` path) reaches the terminal unless `--verbose` or `GOVPLAN_DEBUG=1`
 * asks for it. Every line is passed through {@link mask} so no password or API key in a URL is printed.
 */

/** The exit codes of every command, as `--help` and the README document them. */
export const ExitCode = {
  /** Done. */
  ok: 0,
  /** An internal error (a bug in govplan): rerun with --verbose and report the trace. */
  internal: 1,
  /** A usage error: a bad option or value, or options that do not go together. */
  usage: 2,
  /** A data or source error: a missing or unreadable file, missing columns, a database or server fault. */
  data: 3,
  /** More rows rejected than `--max-reject-share` allows (and no `--allow-rejects`). */
  rejects: 4,
  /** Interrupted (Ctrl-C). */
  interrupted: 130
} as const

/** The exit codes in words, appended to every command's `--help`. */
export const EXIT_HELP = `exit codes:
  0    done
  1    internal error (a bug in govplan; --verbose or GOVPLAN_DEBUG=1 shows the trace)
  2    usage error: a bad option or value, or options that do not go together
  3    data or source error: a missing or unreadable file, missing required
       columns, a database or server that fails, stalls or times out
  4    more rows rejected than --max-reject-share allows (kpi, report)
  130  interrupted

global options:
  --verbose           show the stack trace of an error (also GOVPLAN_DEBUG=1)`

/** A bad command line: printed as one line followed by the command's usage (exit 2). */
export class UsageError extends Error {
  override readonly name = "UsageError"
}

/** Bad or unreachable data: printed as one line (exit 3). */
export class DataError extends Error {
  override readonly name = "DataError"
}

let verboseFlag = false

/** Turns on stack traces in error output (`--verbose`). */
export const setVerbose = (on: boolean): void => {
  verboseFlag = on
}

/** Whether error output may show stack traces: `--verbose` or `GOVPLAN_DEBUG=1`. */
export const verbose = (): boolean => verboseFlag || (process.env.GOVPLAN_DEBUG ?? "") === "1"

/** Query parameters whose values are secrets. */
const SECRET_PARAMS = /([?&;](?:api[_-]?key|apikey|key|token|access[_-]?token|auth|authorization|password|passwd|pwd|secret|client[_-]?secret|sig|signature)=)[^&#\s"']*/gi

/**
 * A text with the secrets of every URL in it masked: the password of `scheme://user:pw@host` and
 * the value of `api_key=`, `token=`, `password=`, … query parameters become `***`.
 */
export const mask = (text: string): string =>
  text
    .replace(/([a-z][a-z0-9+.-]*:\/\/[^:/@\s"']+):[^@\s"']*@/gi, "$1:***@")
    .replace(SECRET_PARAMS, "$1***")

/** One line: line breaks and runs of white space made one space. */
export const oneLine = (text: string): string => text.replace(/\s*[\r\n]+\s*/g, " ").trim()

const isObject = (u: unknown): u is Record<string | symbol, unknown> => typeof u === "object" && u !== null

/**
 * The errors an error stands for: itself, then its causes in turn (`cause`, and the failure inside an
 * Effect `FiberFailure`), so a `SourceError` or `DataError` behind a `ScorecardError` is found.
 */
const chainOf = (error: unknown): ReadonlyArray<unknown> => {
  const chain: Array<unknown> = []
  let e: unknown = error
  while (e !== undefined && !chain.includes(e)) {
    chain.push(e)
    if (!isObject(e)) break
    const cause = Object.getOwnPropertySymbols(e).find((s) => String(s).includes("FiberFailure/Cause"))
    e = cause === undefined ? e.cause : findFailure(e[cause])
  }
  return chain
}

/** A source's error: @govplan/source's `SourceError`, or a driver's (`SqlError` of @effect/sql, the HTTP client's `RequestError`/`ResponseError`). */
const isSourceError = (e: unknown): e is Error =>
  isObject(e) && e instanceof Error && (e._tag === "SourceError" || e._tag === "SqlError" || e._tag === "RequestError" || e._tag === "ResponseError")

/** The first failure of an Effect `Cause` (a plain walk: the app does not import Effect here). */
const findFailure = (cause: unknown): unknown => {
  if (!isObject(cause)) return undefined
  if (cause._tag === "Fail") return cause.error
  if (cause._tag === "Die") return cause.defect
  return findFailure(cause.left) ?? findFailure(cause.right)
}

/** Errors of Node's file system calls (ENOENT, EACCES, …): a data error, not a bug. */
const isSystemError = (error: unknown): error is Error & { readonly code: string } =>
  error instanceof Error && typeof (error as { code?: unknown }).code === "string" && /^E[A-Z]+$/.test((error as unknown as { code: string }).code)

/** Whether an error is a usage error (also the `UsageError` class other modules may define). */
export const isUsageError = (error: unknown): error is Error => error instanceof Error && (error instanceof UsageError || error.name === "UsageError" || error.constructor.name === "UsageError")

/**
 * The exit code and the one line of an error: usage errors 2; data errors, source errors and file
 * system errors 3; anything else 1 (a bug).
 */
export const classify = (error: unknown): { readonly code: number; readonly line: string } => {
  const chain = chainOf(error)
  // a driver's error says what failed; its cause (SqliteError: file is not a database) says why
  const line = (e: Error) => {
    const why = isObject(e.cause) && typeof e.cause.message === "string" && !e.message.includes(e.cause.message) ? `: ${e.cause.message}` : ""
    return mask(oneLine(`${e.message}${why}`))
  }
  for (const e of chain) {
    if (isUsageError(e)) return { code: ExitCode.usage, line: line(e) }
    if (e instanceof DataError || isSourceError(e) || isSystemError(e)) return { code: ExitCode.data, line: line(e) }
  }
  // the scorecard could not read a record stream: whatever the driver threw, the source failed
  const failedRead = chain.find((e) => isObject(e) && e._tag === "ScorecardError" && e.reason === "RecordsFailed")
  if (failedRead !== undefined) return { code: ExitCode.data, line: mask(oneLine(String((failedRead as { detail?: unknown }).detail))) }
  const first = chain.find((e) => e instanceof Error) ?? error
  const message = first instanceof Error ? `${first.name === "Error" ? "" : `${first.name}: `}${first.message}` : String(first)
  return { code: ExitCode.internal, line: mask(oneLine(`internal error: ${message} (rerun with --verbose for the trace)`)) }
}

/**
 * Prints an error as `govplan <command>: <one line>` (usage errors followed by `usage`), with the
 * stack trace only when {@link verbose}; resolves to the exit code.
 */
export const report = async (prefix: string, error: unknown, usage?: string): Promise<number> => {
  const { code, line } = classify(error)
  const lines = [`${prefix}: ${line}`]
  if (code === ExitCode.usage && usage !== undefined) lines.push("", usage)
  if (verbose() && error instanceof Error && error.stack !== undefined) lines.push("", mask(error.stack))
  await new Promise<void>((resolve) => {
    process.stderr.once("error", () => resolve())
    process.stderr.write(`${lines.join("\n")}\n`, () => resolve())
  })
  return code
}
