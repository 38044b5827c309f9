import { libraryConfig } from "../../tsup.base.js"

// The drivers are imported lazily by SqlSource.layerFromUrl, only when a URL needs one; they are the
// application's choice (optional), never bundled.
export default libraryConfig({
  entry: ["src/index.ts"],
  external: ["@effect/sql-pg", "@effect/sql-mysql2", "@effect/sql-sqlite-node"]
})
