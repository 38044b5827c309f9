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
 */
export const make = <O extends { readonly help: boolean }>(command: {
  readonly name: string
  readonly summary: string
  readonly help: string
  readonly parse: (argv: ReadonlyArray<string>) => Parsed<O>
  readonly run: (options: O) => Promise<number>
}): Command => ({
  summary: command.summary,
  run: async (argv) => {
    const parsed = command.parse(argv)
    if (parsed._tag === "Usage") {
      await write(process.stderr, `govplan ${command.name}: ${parsed.message}\n\n${command.help}`)
      return 2
    }
    if (parsed.options.help) {
      await write(process.stdout, command.help)
      return 0
    }
    return command.run(parsed.options)
  }
})
