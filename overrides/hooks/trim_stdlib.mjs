// Build step (run by checker_assets.py): what the browser downloads of Python, precompiled.
//   node trim_stdlib.mjs <pyodide dir> <lock file> <out stdlib.zip> <out wheel>
//
// Pyodide's python_stdlib.zip holds 614 .py sources (2.5 MB brotli, already deflated inside); every
// start compiles the ~160 modules that booting, installing the wheel and running the checker import
// (in Node: 2.1 s to boot from sources, 0.65 s from bytecode). This script boots the pinned Pyodide in
// Node, installs the checker wheel through the lock file, runs the checker over inputs that reach every
// code path of the bridge, and writes:
// * a zip of exactly the stdlib modules that were imported, as bytecode compiled by that same
//   interpreter: unchecked hash-based .pyc, stored uncompressed so brotli/gzip see the raw bytes;
// * the browser's copy of the checker wheel: the same files, but its modules as that interpreter's
//   bytecode instead of sources (sourceless .pyc: compiling the checker was ~0.15 s of its import in
//   Node), every entry stored uncompressed so the host's brotli compresses across files (measured:
//   190 kB deflated vs 119 kB brotli of the stored sources), and a RECORD that matches. The pure wheel
//   stays the project's artifact for CPython and `pyodide lockfile`; the site serves this copy.
// To keep the download small (measured, brotli: 1.10 MB plain, 0.86 MB without column ranges, 0.70 MB
// also without docstrings, 0.58 MB also without the stdlib's line tables) the bytecode is compiled as
// `python -X no_debug_ranges -OO` would: column ranges, docstrings and asserts go (the checker reads no
// docstring and asserts nothing it needs). The checker's classes keep theirs: `dataclass` works out an
// `inspect.signature` for every class without one, which cost its import ~17 ms in Node (1.8 kB of
// brotli). The stdlib also loses its line-number tables (a traceback
// through it says "line -1"); the checker keeps its own (7 kB), so its tracebacks still say where.
// Deterministic: sorted entries, fixed timestamps; the same Pyodide and checker give the same bytes.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

const [pyodideDir, lockFile, outFile, outWheel] = process.argv.slice(2).map((p) => resolve(p));
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
const wheelName = JSON.parse(readFileSync(lockFile, "utf8")).packages["cuishou-checker"].file_name;
pyodide.FS.writeFile("/tmp/pure.whl", readFileSync(join(dirname(lockFile), wheelName)));

const result = pyodide.runPython(`
import ast
import importlib.util
import io
import os
import sys
import zipfile
from importlib._bootstrap_external import _code_to_hash_pyc

ZIP = "/lib/python%d%d.zip" % sys.version_info[:2]
before_build = set(sys.modules)  # booted and the wheel installed, as in the browser


def without_lines(code):
    consts = tuple(without_lines(c) if isinstance(c, type(code)) else c for c in code.co_consts)
    return code.replace(co_linetable=b"", co_consts=consts)


def without_function_docstrings(tree):
    """The module with the docstrings of its module and functions removed; those of classes stay."""
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef)):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
                node.body = node.body[1:] or [ast.copy_location(ast.Pass(), first)]
    return tree


def pyc(data, path, lines=True, class_docstrings=False):
    if class_docstrings:  # -O, without the docstrings -OO would also drop, except classes'
        code = compile(without_function_docstrings(ast.parse(data, path)), path, "exec", dont_inherit=True, optimize=1)
    else:
        code = compile(data, path, "exec", dont_inherit=True, optimize=2)
    code = code if lines else without_lines(code)
    return _code_to_hash_pyc(code, importlib.util.source_hash(data), checked=False)


def entry(name):
    return zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0))


def stored_zip(files):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as out:
        for name, data in files.items():
            out.writestr(entry(name), data)
    return buffer.getvalue()


# The browser's wheel, from the pure one: modules as bytecode, rule data as JSON (checker.rules.load reads
# <name>.toml.json where it exists), a RECORD to match; the pure wheel's order (RECORD last).
import base64
import hashlib
import json
import shutil
import tomllib

package_dir = importlib.util.find_spec("checker").submodule_search_locations[0]  # not imported yet
site_packages = package_dir.rsplit("/", 1)[0]
pure = zipfile.ZipFile("/tmp/pure.whl")
files = {}
for name in pure.namelist():
    data = pure.read(name)
    if name.startswith("checker/") and name.endswith(".py"):
        files[name[:-3] + ".pyc"] = pyc(data, site_packages + "/" + name, class_docstrings=True)
    elif name.startswith("checker/rules/") and name.endswith(".toml"):
        parsed = tomllib.loads(data.decode("utf-8"))
        files[name + ".json"] = json.dumps(parsed, ensure_ascii=False, separators=(",", ":")).encode()
    elif not name.endswith(".dist-info/RECORD"):
        files[name] = data
record = next(n for n in pure.namelist() if n.endswith(".dist-info/RECORD"))
lines = []
for name, data in files.items():
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    lines.append(f"{name},sha256={digest},{len(data)}")
files[record] = "".join(f"{line}\\n" for line in [*lines, f"{record},,"]).encode()
wheel = stored_zip(files)

# Run the browser's checker from here on: its files replace the pure wheel's, and the modules only
# this build step imported are forgotten (an import below that needs one again brings it back).
shutil.rmtree(package_dir)
for name, data in files.items():
    if name.startswith("checker/"):
        target = site_packages + "/" + name
        os.makedirs(target.rsplit("/", 1)[0], exist_ok=True)
        with open(target, "wb") as handle:
            handle.write(data)
importlib.invalidate_caches()
for name in set(sys.modules) - before_build:
    del sys.modules[name]

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
if "tomllib" in sys.modules:
    raise RuntimeError("the browser's checker still parses TOML")

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
stdlib = stored_zip({rel[:-3] + ".pyc": pyc(source.read(rel), ZIP + "/" + rel, lines=False) for rel in sorted(wanted)})
(stdlib, wheel)
`);
const [stdlibBytes, wheelBytes] = result.toJs();
writeFileSync(outFile, stdlibBytes);
writeFileSync(outWheel, wheelBytes);
