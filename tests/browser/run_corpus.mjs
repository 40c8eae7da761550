// Runs the checker wheel of a built site under Pyodide in Node, for the parity test.
//   node run_corpus.mjs <site dir> <pyodide dir>   < cases.jsonl   > results.jsonl
// Input lines: {"id", "text", "sender"?, "received_at"?}. Output lines: {"id", "json"} where json is
// the exact string checker.bridge.check_json returned (or {"id", "exception"}).
// The wheel is installed through the site's own pyodide-lock.json, so its sha256 is verified, and the
// interpreter runs on the site's trimmed, precompiled standard library, exactly as the page does.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";

const [siteDir, pyodideDir] = process.argv.slice(2).map((p) => resolve(p));
const { loadPyodide } = await import(join(pyodideDir, "pyodide.mjs"));
const page = readFileSync(join(siteDir, "check", "index.html"), "utf8");
const island = JSON.parse(page.match(/<script type="application\/json" id="__checker">([\s\S]*?)<\/script>/)[1]);
const lockFile = join(siteDir, "check", island.lockFileURL);
const appDir = resolve(lockFile, "..") + "/";
const stdLibURL = join(siteDir, "check", island.stdlibURL);

/** @type {string[]} */
const output = [];
const pyodide = await loadPyodide({
  indexURL: pyodideDir + "/",
  lockFileURL: lockFile,
  stdLibURL,
  packageBaseUrl: appDir, // never fall back to a CDN
  stdout: (line) => output.push(line),
  stderr: (line) => output.push(line),
});
await pyodide.loadPackage(island.package, { messageCallback: () => {}, errorCallback: (m) => output.push(m) });
if (!(island.package in pyodide.loadedPackages)) {
  process.stderr.write(`package not loaded: ${output.join("\n")}\n`);
  process.exit(3);
}
pyodide.runPython(`
from checker.bridge import check_json as _check_json

def _run(text, sender, received_at):
    if received_at:
        return _check_json(text, sender or None, received_at=received_at)
    return _check_json(text, sender or None)
`);
const run = pyodide.globals.get("_run");
const chunks = []; // (readFileSync(0) fails with EAGAIN on a large piped input)
for await (const chunk of process.stdin) chunks.push(chunk);
const lines = Buffer.concat(chunks).toString("utf8").split("\n").filter((l) => l.trim());
for (const line of lines) {
  const c = JSON.parse(line);
  try {
    process.stdout.write(JSON.stringify({ id: c.id, json: run(c.text, c.sender ?? "", c.received_at ?? "") }) + "\n");
  } catch (err) {
    process.stdout.write(JSON.stringify({ id: c.id, exception: String(err.type ?? err.message) }) + "\n");
  }
}
