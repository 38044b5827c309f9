/** The shape every `commands/*.ts` module exports as `command`. */
export interface Command {
  /** One line for `govplan --help`. */
  readonly summary: string
  /** Runs the command with the arguments after its name; resolves to the exit code. */
  readonly run: (argv: ReadonlyArray<string>) => Promise<number>
}
