// Build step (run by checker_assets.py): the standard library the checker needs, precompiled.
//   node trim_stdlib.mjs <pyodide dir> <lock file> <out.zip>
//
// Pyodide's python_stdlib.zip holds 614 .py sources (2.5 MB brotli, already deflated inside); every
// start compiles the ~160 modules that booting, installing the wheel and running the checker import
// (in Node: 2.1 s to boot from sources, 0.65 s from bytecode). This script boots the pinned Pyodide in
// Node, installs the checker wheel through the site's lock file, runs the checker over inputs that
// reach every code path of the bridge, and writes a zip of exactly the stdlib modules that were
// imported, as bytecode compiled by that same interpreter: unchecked hash-based .pyc, stored
// uncompressed so brotli/gzip see the raw bytes. To keep the download small (measured, brotli: 1.10 MB
// plain, 0.86 MB without column ranges, 0.70 MB also without docstrings) the bytecode is compiled as
// `python -X no_debug_ranges -OO` would: line numbers stay, column ranges, docstrings and asserts go.
// Only the stdlib is compiled so; the checker runs from its wheel's sources as everywhere else.
// Deterministic: sorted entries, fixed timestamps; the same Pyodide and checker give the same bytes.
import { writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

const [pyodideDir, lockFile, outFile] = process.argv.slice(2).map((p) => resolve(p));
const { loadPyodide } = await import(join(pyodideDir, "pyodide.mjs"));
/** @type {string[]} */
const output = [];
const pyodide = await loadPyodide({
  indexURL: pyodideDir + "/",
  lockFileURL: lockFile,
  packageBaseUrl: dirname(lockFile) + "/", // never a CDN
  env: { PYTHONNODEBUGRANGES: "1" }, // compile() leaves out the column tables (-X no_debug_ranges)
  stdout: (line) => output.push(line),
  stderr: (line) => output.push(line),
});
await pyodide.loadPackage("cuishou-checker", { messageCallback: () => {}, errorCallback: (m) => output.push(m) });
if (!("cuishou-checker" in pyodide.loadedPackages)) {
  process.stderr.write(`checker wheel not installed: ${output.join("\n")}\n`);
  process.exit(3);
}

const zipBytes = pyodide.runPython(`
import importlib.util
import io
import sys
import zipfile
from importlib._bootstrap_external import _code_to_hash_pyc

# Exercise the bridge as the worker does: plain, with sender and time, each input error, links, numbers.
from checker.bridge import check_json
for args in (
    ("warm-up", None, None),
    ("", None, None),
    ("逾" * 5001, None, None),
    ("【拍拍贷】您已逾期，请点击 http://ppd-xx.cn 或致电 13800138000 处理，加微信 abc123", "10690000", "23:30"),
    ("您好", "95555", "09:00"),
    ("您好", None, "25:99"),
):
    check_json(*args)

ZIP = "/lib/python%d%d.zip" % sys.version_info[:2]
source = zipfile.ZipFile(ZIP)
names = set(source.namelist())
wanted = set()
for module in list(sys.modules.values()):
    path = getattr(module, "__file__", None) or ""
    if path.startswith(ZIP + "/"):
        rel = path[len(ZIP) + 1 :]
        wanted.add(rel)
        parts = rel.split("/")
        for i in range(1, len(parts)):
            init = "/".join(parts[:i]) + "/__init__.py"
            if init in names:
                wanted.add(init)

buffer = io.BytesIO()
with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as out:
    for rel in sorted(wanted):
        data = source.read(rel)
        code = compile(data, ZIP + "/" + rel, "exec", dont_inherit=True, optimize=2)
        pyc = _code_to_hash_pyc(code, importlib.util.source_hash(data), checked=False)
        out.writestr(zipfile.ZipInfo(rel[:-3] + ".pyc", (1980, 1, 1, 0, 0, 0)), pyc)
buffer.getvalue()
`);
writeFileSync(outFile, zipBytes.toJs());
