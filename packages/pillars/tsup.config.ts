import { libraryConfig } from "../../tsup.base.js"

// One entry per pillar (subpath export `@govplan/pillars/<key>`) beside the root entry.
// better-sqlite3 is only loaded by the generator's SQLite writer and stays external.
export default libraryConfig({
  entry: [
    "src/index.ts",
    "src/urban/index.ts",
    "src/economy/index.ts",
    "src/party/index.ts"
    // pillars B: add "src/<key>/index.ts" here
  ]
})
