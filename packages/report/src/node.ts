/**
 * Narrative from a directory: one `<key>.md` or `<key>.txt` file per key
 * (`overview.md`, `party.md`, `p1.discipline.md`, `outlook.md`). Node only:
 * import it from `@govplan/report/node`.
 *
 * @since 0.1.0
 */
export * as NodeNarrative from "./NodeNarrative.js"
