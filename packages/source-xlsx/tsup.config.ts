import { libraryConfig } from "../../tsup.base.js"

export default libraryConfig({ entry: ["src/index.ts"] })
