import * as Failure from "./Failure.js"

/** The shape every `commands/*.ts` module exports as `command`, and the part of running one they share. */
export interface Command {
  /** One line for `govplan --help`. */
  readonly summary: string
  /** Runs the command with the arguments after its name; resolves to the exit code. */
  readonly run: (argv: ReadonlyArray<string>) => Promise<number>
}

/** A command's parsed options, or a usage message (see `Args.usage`). */
export type Parsed<O> = { readonly _tag: "Options"; readonly options: O } | { readonly _tag: "Usage"; readonly message: string }

/**
 * Writes `text` (with a final newline) and resolves once it is flushed. A closed pipe
 * (`govplan plan | head`) is not an error worth a stack trace.
 */
export const write = (stream: NodeJS.WriteStream, text: string): Promise<void> =>
  new Promise((resolve) => {
    stream.once("error", () => resolve())
    stream.write(text.endsWith("\n") ? text : `${text}\n`, () => resolve())
  })

/**
 * A command from its parser and its body: a usage error prints `govplan <name>: <message>` and the
 * help to stderr (exit code 2), `--help` prints the help (0); otherwise `run` gets the options.
 * The help ends with the exit codes (`Failure.EXIT_HELP`). An error `run` throws is printed as one
 * line and exits with its code (`Failure.classify`): a `Failure.UsageError` 2 (with the help), a
 * `Failure.DataError` or a source error 3, anything else 1 — a stack trace only with `--verbose`.
 */
export const make = <O extends { readonly help: boolean }>(command: {
  readonly name: string
  readonly summary: string
  readonly help: string
  readonly parse: (argv: ReadonlyArray<string>) => Parsed<O>
  readonly run: (options: O) => Promise<number>
}): Command => {
  const help = `${command.help}\n\n${Failure.EXIT_HELP}`
  return {
    summary: command.summary,
    run: async (argv) => {
      const parsed = command.parse(argv)
      if (parsed._tag === "Usage") {
        await write(process.stderr, `govplan ${command.name}: ${Failure.mask(parsed.message)}\n\n${help}`)
        return Failure.ExitCode.usage
      }
      if (parsed.options.help) {
        await write(process.stdout, help)
        return Failure.ExitCode.ok
      }
      try {
        return await command.run(parsed.options)
      } catch (error) {
        return Failure.report(`govplan ${command.name}`, error, help)
      }
    }
  }
}
