/**
 * SQL identifier validation and quoting. Identifiers (table, schema and column names) can never be
 * bound as parameters, so they are checked against a strict allow-list and then quoted for the
 * dialect. Anything else — quotes, backticks, semicolons, whitespace, comment markers, control
 * characters — is refused with a message that names the identifier and the offending character.
 *
 * @internal
 */

export type Dialect = "sqlite" | "pg" | "mysql"

/** Longest identifier each dialect keeps without truncating (PostgreSQL truncates silently at 63). */
export const maxLength: Record<Dialect, number> = { sqlite: 128, pg: 63, mysql: 64 }

// Letters (any script, so 工单编号 is fine), digits, underscore; `$` after the first character
// (PostgreSQL and MySQL allow it). No dots: a qualified name is split first.
const part = /^[\p{L}_][\p{L}\p{N}\p{M}_$]*$/u

const describeChar = (c: string): string => {
  const code = c.codePointAt(0)!
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, "0")}`
  switch (c) {
    case "\"":
      return `a double quote (")`
    case "'":
      return `a single quote (')`
    case "`":
      return "a backtick (`)"
    case ";":
      return "a semicolon (;)"
    case " ":
      return "a space"
    case "\t":
      return "a tab"
    case "\n":
    case "\r":
      return "a line break"
    case "-":
      return "a hyphen (-)"
    case "\\":
      return "a backslash (\\)"
    case "/":
      return "a slash (/)"
    case "*":
      return "an asterisk (*)"
    case "(":
    case ")":
      return `a parenthesis (${c})`
    case ".":
      return "a dot (.)"
  }
  if (code < 0x20 || code === 0x7f) return `a control character (${hex})`
  if (/\p{Z}/u.test(c)) return `a space character (${hex})`
  return `the character ${JSON.stringify(c)} (${hex})`
}

/** Why `name` is not a valid identifier for `dialect`, or `undefined` when it is. */
export const problem = (name: unknown, dialect: Dialect, what = "identifier"): string | undefined => {
  if (typeof name !== "string") return `${what} must be a string, got ${name === null ? "null" : typeof name}`
  if (name.length === 0) return `${what} is empty`
  if (!part.test(name)) {
    const first = [...name][0]!
    if (/[\p{N}$]/u.test(first)) {
      return `${what} ${JSON.stringify(name)} starts with ${describeChar(first)}; it must start with a letter or "_"`
    }
    const bad = [...name].find((c) => !/[\p{L}\p{N}\p{M}_$]/u.test(c)) ?? first
    return `${what} ${JSON.stringify(name)} contains ${describeChar(bad)}; only letters, digits, "_" and "$" are allowed`
  }
  const bytes = dialect === "sqlite" ? [...name].length : Buffer.byteLength(name, "utf8")
  const limit = maxLength[dialect]
  if (dialect === "pg" ? bytes > limit : [...name].length > limit) {
    return `${what} ${JSON.stringify(name)} is longer than ${limit} ${dialect === "pg" ? "bytes" : "characters"} (the ${dialect} limit)`
  }
  return undefined
}

/** Quote a validated identifier part. */
export const quotePart = (name: string, dialect: Dialect): string =>
  dialect === "mysql" ? "`" + name + "`" : "\"" + name + "\""

/**
 * Validate and quote a possibly qualified table name (`schema.table`). Returns the quoted form or the
 * problem.
 */
export const table = (
  name: unknown,
  dialect: Dialect
): { readonly _tag: "Right"; readonly quoted: string } | { readonly _tag: "Left"; readonly message: string } => {
  if (typeof name !== "string") {
    return { _tag: "Left", message: problem(name, dialect, "table name")! }
  }
  const parts = name.split(".")
  if (parts.length > 2) {
    return {
      _tag: "Left",
      message: `table name ${JSON.stringify(name)} has ${parts.length - 1} dots; use "table" or "schema.table"`
    }
  }
  const quoted: Array<string> = []
  for (const p of parts) {
    const message = problem(p, dialect, parts.length === 2 ? `table name ${JSON.stringify(name)}, part` : "table name")
    if (message !== undefined) return { _tag: "Left", message }
    quoted.push(quotePart(p, dialect))
  }
  return { _tag: "Right", quoted: quoted.join(".") }
}

/** Validate and quote a column name. */
export const column = (
  name: unknown,
  dialect: Dialect
): { readonly _tag: "Right"; readonly quoted: string } | { readonly _tag: "Left"; readonly message: string } => {
  const message = problem(name, dialect, "column name")
  return message === undefined
    ? { _tag: "Right", quoted: quotePart(name as string, dialect) }
    : { _tag: "Left", message }
}
