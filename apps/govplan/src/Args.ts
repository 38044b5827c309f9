/**
 * Command-line parsing shared by every command: Node's own `util.parseArgs` (strict, so an unknown
 * option or a missing value is an error), with the errors turned into usage messages that name the
 * option and what it needs.
 */
import { parseArgs } from "node:util"

/** The options of a command: each name with its type and, for values, what a value is ("a directory"). */
export type Spec = Readonly<Record<string, { readonly type: "boolean" } | { readonly type: "string"; readonly needs: string }>>

/** The parsed values: strings for value options, booleans for flags (absent when not given). */
export type Values<S extends Spec> = {
  readonly [K in keyof S]?: S[K] extends { readonly type: "string" } ? string : boolean
}

/** The outcome of parsing: the values, or a usage message. */
export type Parsed<S extends Spec> =
  | { readonly _tag: "Values"; readonly values: Values<S> & { readonly help?: boolean } }
  | { readonly _tag: "Usage"; readonly message: string }

/** A usage error for an option's value: `--year needs a year such as 2022, got "20x2"`. */
export const usage = (message: string): { readonly _tag: "Usage"; readonly message: string } => ({ _tag: "Usage", message })

/**
 * Parses `argv` against `spec` (plus `-h`/`--help`). `--name value` and `--name=value` both work;
 * a value that starts with `--` is taken as a missing value, not as the value.
 */
export const parse = <S extends Spec>(argv: ReadonlyArray<string>, spec: S): Parsed<S> => {
  const options: Record<string, { type: "string" | "boolean"; short?: string }> = { help: { type: "boolean", short: "h" } }
  for (const [name, o] of Object.entries(spec)) options[name] = { type: o.type }
  try {
    const { values } = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false })
    return { _tag: "Values", values: values as Values<S> & { readonly help?: boolean } }
  } catch (e) {
    const error = e as Error & { code?: string }
    const option = /'(-[^' ]+)/.exec(error.message)?.[1] ?? /"(-[^" ]+)"/.exec(error.message)?.[1]
    const name = option?.replace(/^-+/, "")
    const o = name === undefined ? undefined : spec[name]
    switch (error.code) {
      case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE":
        if (o?.type === "string") return usage(`--${name} needs ${o.needs}`)
        return usage(`--${name} takes no value`)
      case "ERR_PARSE_ARGS_UNKNOWN_OPTION":
        return usage(`unknown option ${JSON.stringify(option ?? error.message)}`)
      case "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL": {
        const arg = /'([^']*)'/.exec(error.message)?.[1]
        return usage(`unexpected argument ${JSON.stringify(arg ?? error.message)}`)
      }
      default:
        return usage(error.message)
    }
  }
}
