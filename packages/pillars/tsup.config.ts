import { libraryConfig } from "../../tsup.base.js"

// One entry per pillar (subpath export `@govplan/pillars/<key>`) beside the root entry.
// better-sqlite3 is only loaded by the generator's SQLite writer and stays external.
export default libraryConfig({
  entry: [
    "src/index.ts",
    "src/urban/index.ts",
    "src/economy/index.ts",
    "src/party/index.ts",
    "src/governance/index.ts",
    "src/livelihood/index.ts",
    "src/culture/index.ts",
    "src/safety/index.ts"
  ]
})
