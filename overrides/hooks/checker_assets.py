"""MkDocs hook: put the in-page checker's runtime into the site, compressed and ready for offline use.

It adds, as generated files (never written into ``docs/``):

* the pinned Pyodide core (loader, Emscripten module, Wasm binary) from ``node_modules/pyodide`` under
  ``assets/checker/pyodide-<version>/``;
* under ``assets/checker/app-<hash>/`` (content-addressed: the checker sources, the Pyodide version and
  the stdlib trimmer; static hosts may cache it forever): the browser's copy of the ``checker`` wheel
  (``python -m build --wheel``, then its modules precompiled to Pyodide's bytecode and every entry
  stored uncompressed), a site-specific ``pyodide-lock.json`` that records its sha256, and
  ``python_stdlib.zip``, the standard library trimmed to the modules the checker imports and
  precompiled the same way; both made by the pinned Pyodide itself (``trim_stdlib.mjs``, run in Node),
  all cached in ``.cache/checker-wheel/``;
* after the build: ``.br``/``.gz`` siblings beside every compressible file (``compress.py``), the
  service worker ``sw.js`` with this build's file list, and the static-host header files ``_headers``
  (Netlify, Cloudflare Pages) and ``nginx-checker.conf`` (``deploy_config.py``).

The checker page gets the URLs through the Jinja global ``checker_build``, and its
Content-Security-Policy placeholder is filled in with hashes of the page's inline scripts.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import checker_compress
import checker_deploy
from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from pyodide_lock import PyodideLockSpec
from pyodide_lock.utils import add_wheels_to_spec

ROOT = Path(__file__).resolve().parents[2]
PACKAGE_NAME = "cuishou-checker"
# What Pyodide 314 fetches to boot: the loader, the Emscripten module, the Wasm binary. (pyodide.js is
# the classic-script loader; module workers only need pyodide.mjs.) The standard library comes trimmed
# and precompiled from trim_stdlib.mjs, which reads the npm package's python_stdlib.zip.
PYODIDE_CORE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm")
NPM_FILES = (*PYODIDE_CORE_FILES, "python_stdlib.zip", "pyodide-lock.json")
TRIM_STDLIB = Path(__file__).with_name("trim_stdlib.mjs")
SITE_DIR = "assets/checker"
CSP_PLACEHOLDER = "__CHECKER_CSP__"
SOURCE_DATE_EPOCH = "315532800"  # 1980-01-01: reproducible zip timestamps in the wheel


@dataclass(frozen=True, slots=True)
class CheckerBuild:
    """Everything the checker page needs to know about the generated assets (site-relative paths)."""

    pyodide_version: str
    index_url: str  # folder holding the Pyodide core, with trailing slash
    lock_file: str
    wheel: str
    stdlib: str  # the trimmed, precompiled standard library (loadPyodide's stdLibURL)
    package: str
    checker_version: str
    max_length: int
    downloads: dict[str, int]  # site path -> bytes of each file the worker fetches (progress bar)
    download_bytes: int  # what a reader downloads once, brotli-compressed (the size the page states)
    caches: dict[str, str]  # site folder -> Cache Storage name (versioned: a new build gets new names)
    snapshot_cache: str  # Cache Storage name of the reader's own memory snapshot of this runtime and app


@dataclass(frozen=True, slots=True)
class WheelBuild:
    wheel: Path
    lock_file: Path
    source_hash: str
    checker_version: str
    max_length: int


# --- pure helpers (unit-tested) -------------------------------------------------------------------


def source_files(root: Path) -> list[Path]:
    """The files that determine the wheel: the ``checker`` package and the project metadata."""
    files = [p for p in (root / "checker").rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    files += [p for p in (root / "pyproject.toml", root / "README.md") if p.is_file()]
    return sorted(files)


def source_hash(root: Path) -> str:
    """A short hash of the wheel's sources (paths and contents)."""
    digest = hashlib.sha256()
    for path in source_files(root):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()[:16]


def expected_pyodide_version(package_json: Path) -> str:
    """The Pyodide version pinned in ``package.json`` (devDependencies or dependencies)."""
    data = json.loads(package_json.read_text(encoding="utf-8"))
    for section in ("devDependencies", "dependencies"):
        version = data.get(section, {}).get("pyodide")
        if isinstance(version, str):
            return version
    raise PluginError(f"{package_json} does not pin the 'pyodide' npm package.")


def check_pyodide_install(node_pyodide: Path, expected: str) -> None:
    """Fail loudly unless ``node_modules/pyodide`` holds exactly the pinned version."""
    manifest = node_pyodide / "package.json"
    if not manifest.is_file():
        raise PluginError(f"Pyodide runtime not found at {node_pyodide}: run `npm ci` (or scripts/dev.sh setup) first.")
    installed = json.loads(manifest.read_text(encoding="utf-8")).get("version")
    if installed != expected:
        raise PluginError(
            f"node_modules/pyodide is version {installed}, but package.json pins {expected}: run `npm ci`."
        )
    missing = [name for name in NPM_FILES if not (node_pyodide / name).is_file()]
    if missing:
        raise PluginError(f"node_modules/pyodide is incomplete (missing {', '.join(missing)}): run `npm ci`.")


def site_lock(base_lock: Path, wheel: Path) -> dict[str, Any]:
    """The npm lock file plus our wheel (as ``pyodide lockfile add-wheels`` does), trimmed to what we host.

    Only our package and its dependencies stay: the site does not host the other wheels, and a
    120 kB lock file listing them would only slow the start-up.
    """
    spec = add_wheels_to_spec(PyodideLockSpec.from_json(base_lock), [wheel], base_path=wheel.parent)
    keep: set[str] = set()
    todo = [PACKAGE_NAME]
    while todo:
        name = todo.pop()
        if name not in keep:
            keep.add(name)
            todo.extend(spec.packages[name].depends)
    spec.packages = {name: pkg for name, pkg in spec.packages.items() if name in keep}
    return spec.to_dict()


_SCRIPT_RE = re.compile(r"<script(?P<attrs>(?:\s[^>]*)?)>(?P<body>.*?)</script\s*>", re.DOTALL | re.IGNORECASE)
_TYPE_RE = re.compile(r"""\stype\s*=\s*["']?(?P<type>[^"'\s>]+)""", re.IGNORECASE)
_JS_TYPES = {"", "module", "text/javascript", "application/javascript"}


def inline_script_hashes(html: str) -> list[str]:
    """CSP source expressions (``'sha256-...'``) for every executable inline script in ``html``."""
    hashes: list[str] = []
    for match in _SCRIPT_RE.finditer(html):
        attrs = match.group("attrs")
        if re.search(r"\ssrc\s*=", attrs, re.IGNORECASE):
            continue
        type_match = _TYPE_RE.search(attrs)
        if (type_match.group("type").lower() if type_match else "") not in _JS_TYPES:
            continue  # data blocks such as application/json are never executed
        digest = hashlib.sha256(match.group("body").encode("utf-8")).digest()
        source = f"'sha256-{base64.b64encode(digest).decode('ascii')}'"
        if source not in hashes:
            hashes.append(source)
    return hashes


def build_csp(script_hashes: list[str], *, live_reload: bool = False) -> str:
    """The checker page's policy: own origin only, Wasm allowed, inline scripts only by hash.

    ``live_reload`` (``mkdocs serve`` only): the dev server injects a per-request inline script after
    the build, which no hash can cover, so the dev policy allows inline scripts instead.
    """
    inline = ["'unsafe-inline'"] if live_reload else script_hashes
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'", "'wasm-unsafe-eval'", *inline],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "worker-src": ["'self'"],
        "manifest-src": ["'self'"],
        "media-src": ["'none'"],
        "object-src": ["'none'"],
        "frame-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    }
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def apply_csp(html: str, *, live_reload: bool = False) -> str:
    """Replace the template's CSP placeholder with the policy for this exact HTML."""
    if CSP_PLACEHOLDER not in html:
        return html
    return html.replace(CSP_PLACEHOLDER, build_csp(inline_script_hashes(html), live_reload=live_reload))


# --- wheel build with a cache ---------------------------------------------------------------------


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """An exclusive file lock: parallel builds (tests, `mkdocs serve`) must not race on the cache."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _run(cmd: list[str], cwd: Path, what: str) -> str:
    env = {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH, "PYTHONDONTWRITEBYTECODE": "1"}
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise PluginError(f"{what} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return proc.stdout


_PROBE = (
    "import json, sys; sys.path.insert(0, sys.argv[1]); import checker; "
    "print(json.dumps({'version': checker.__version__, 'max_length': checker.MAX_TEXT_LENGTH}))"
)


GATE_INDEX = "gate-index.json"
_GATE_INDEX = (
    "import sys; from pathlib import Path; sys.path.insert(0, sys.argv[1]); "
    "from checker.rules.load import write_gate_index; write_gate_index(Path(sys.argv[2]))"
)


def build_wheel(root: Path, cache_dir: Path, base_lock: Path) -> WheelBuild:
    """Build (or reuse) the wheel and its lock file for the current ``checker/`` sources."""
    digest = source_hash(root)
    target = cache_dir / digest
    meta_path = target / "meta.json"
    with _locked(cache_dir / ".lock"):
        if not meta_path.is_file():
            with tempfile.TemporaryDirectory(prefix="checker-wheel-") as tmp:
                src = Path(tmp) / "src"
                for path in source_files(root):
                    dest = src / path.relative_to(root)
                    dest.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(path, dest)
                index = src / "checker" / "rules" / GATE_INDEX  # spares the browser parsing every pattern
                _run([sys.executable, "-I", "-c", _GATE_INDEX, str(src), str(index)], src, "Writing the gate index")
                out = Path(tmp) / "dist"
                cmd = [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), "."]
                _run(cmd, src, "Building the checker wheel (python -m build --wheel --no-isolation)")
                wheels = sorted(out.glob("*-py3-none-any.whl"))
                if len(wheels) != 1:
                    raise PluginError(f"Expected one pure py3-none-any wheel, got {[w.name for w in wheels]}")
                installed = Path(tmp) / "installed"  # unpacked, as Pyodide installs it into site-packages
                with zipfile.ZipFile(wheels[0]) as archive:
                    archive.extractall(installed)
                probe = json.loads(
                    _run([sys.executable, "-I", "-c", _PROBE, str(installed)], src, "Importing the wheel")
                )
                stage = Path(tmp) / "stage"
                stage.mkdir()
                shutil.copy2(wheels[0], stage / wheels[0].name)
                lock = site_lock(base_lock, stage / wheels[0].name)
                (stage / "pyodide-lock.json").write_text(json.dumps(lock, sort_keys=True), encoding="utf-8")
                meta = {"wheel": wheels[0].name, "version": probe["version"], "max_length": probe["max_length"]}
                (stage / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
                shutil.rmtree(target, ignore_errors=True)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(str(stage), str(target))
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    return WheelBuild(
        wheel=target / meta["wheel"],
        lock_file=target / "pyodide-lock.json",
        source_hash=digest,
        checker_version=meta["version"],
        max_length=int(meta["max_length"]),
    )


def app_hash(wheel: WheelBuild, pyodide_version: str) -> str:
    """The app folder's version: the checker sources, the Pyodide it was trimmed for, and the trimmer."""
    digest = hashlib.sha256()
    for part in (wheel.source_hash, pyodide_version, TRIM_STDLIB.read_text(encoding="utf-8")):
        digest.update(part.encode())
        digest.update(b"\0")
    return digest.hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class BrowserBuild:
    """What the site serves of Python (trim_stdlib.mjs): the trimmed stdlib and the precompiled wheel."""

    stdlib: Path
    wheel: Path
    lock_file: Path  # the site's lock file: the pure wheel's, with the browser wheel's sha256


def build_browser(node_pyodide: Path, wheel: WheelBuild, cache_dir: Path, version: str) -> BrowserBuild:
    """The trimmed, precompiled stdlib and the browser's copy of the wheel (cached beside the wheel)."""
    target = cache_dir / f"browser-{app_hash(wheel, version)}"
    result = BrowserBuild(
        stdlib=target / "python_stdlib.zip", wheel=target / wheel.wheel.name, lock_file=target / "pyodide-lock.json"
    )
    with _locked(cache_dir / ".lock"):
        if not result.lock_file.is_file():
            node = shutil.which("node")
            if node is None:
                raise PluginError("node not found: the build runs Pyodide in Node to precompile the stdlib.")
            stage = target.with_name(f"{target.name}.{os.getpid()}.tmp")
            shutil.rmtree(stage, ignore_errors=True)
            stage.mkdir(parents=True)
            browser_wheel = stage / wheel.wheel.name
            cmd = [node, str(TRIM_STDLIB), str(node_pyodide), str(wheel.lock_file)]
            cmd += [str(stage / "python_stdlib.zip"), str(browser_wheel)]
            _run(cmd, wheel.lock_file.parent, "Precompiling the stdlib and wheel (trim_stdlib.mjs)")
            # The pure wheel's lock entry (its imports, version, name), with the browser copy's sha256.
            lock = json.loads(wheel.lock_file.read_text(encoding="utf-8"))
            lock["packages"][PACKAGE_NAME]["sha256"] = hashlib.sha256(browser_wheel.read_bytes()).hexdigest()
            (stage / "pyodide-lock.json").write_text(json.dumps(lock, sort_keys=True), encoding="utf-8")
            shutil.rmtree(target, ignore_errors=True)
            stage.replace(target)
    return result


def plan_files(node_pyodide: Path, pyodide_version: str, wheel: WheelBuild, browser: BrowserBuild) -> dict[str, Path]:
    """Site path -> source file for every generated asset."""
    core = f"{SITE_DIR}/pyodide-{pyodide_version}"
    app = f"{SITE_DIR}/app-{app_hash(wheel, pyodide_version)}"
    plan = {f"{core}/{name}": node_pyodide / name for name in PYODIDE_CORE_FILES}
    plan[f"{app}/pyodide-lock.json"] = browser.lock_file
    plan[f"{app}/{browser.wheel.name}"] = browser.wheel
    plan[f"{app}/python_stdlib.zip"] = browser.stdlib
    return plan


def describe(pyodide_version: str, wheel: WheelBuild, plan: dict[str, Path], compress_cache: Path) -> CheckerBuild:
    core = f"{SITE_DIR}/pyodide-{pyodide_version}"
    app_version = app_hash(wheel, pyodide_version)
    app = f"{SITE_DIR}/app-{app_version}"
    return CheckerBuild(
        pyodide_version=pyodide_version,
        index_url=f"{core}/",
        lock_file=f"{app}/pyodide-lock.json",
        wheel=f"{app}/{wheel.wheel.name}",
        stdlib=f"{app}/python_stdlib.zip",
        package=PACKAGE_NAME,
        checker_version=wheel.checker_version,
        max_length=wheel.max_length,
        downloads={site: src.stat().st_size for site, src in plan.items() if not site.endswith(".mjs")},
        download_bytes=sum(checker_compress.brotli_size(src, compress_cache) for src in plan.values()),
        caches={f"{core}/": f"cuishou-pyodide-{pyodide_version}", f"{app}/": f"cuishou-app-{app_version}"},
        snapshot_cache=f"cuishou-snapshot-{pyodide_version}-{app_version}",
    )


# --- MkDocs events --------------------------------------------------------------------------------

_state: dict[str, Any] = {}


def on_startup(command: str, dirty: bool) -> None:
    _state["live_reload"] = command == "serve"


def on_files(files: Files, config: MkDocsConfig) -> Files:
    root = Path(config.config_file_path).resolve().parent if config.config_file_path else ROOT
    node_pyodide = root / "node_modules" / "pyodide"
    version = expected_pyodide_version(root / "package.json")
    check_pyodide_install(node_pyodide, version)
    cache = root / ".cache"
    wheel = build_wheel(root, cache / "checker-wheel", node_pyodide / "pyodide-lock.json")
    browser = build_browser(node_pyodide, wheel, cache / "checker-wheel", version)
    plan = plan_files(node_pyodide, version, wheel, browser)
    for file in [f for f in files if f.src_uri.startswith("hooks/")]:
        files.remove(file)  # build glue in the theme folder (trim_stdlib.mjs) is not part of the site
    for site_path, src in plan.items():
        files.append(File.generated(config, site_path, abs_src_path=str(src)))
    _state["build"] = describe(version, wheel, plan, cache / "compressed")
    _state["cache"] = cache
    _state["csp"] = {}
    return files


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    env.globals["checker_build"] = asdict(_state["build"])
    env.globals["checker_csp_placeholder"] = CSP_PLACEHOLDER
    return env


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    html = apply_csp(output, live_reload=bool(_state.get("live_reload")))
    if html != output:
        match = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
        if match:
            _state["csp"]["/" + page.url] = match.group(1)
    return html


def on_post_build(config: MkDocsConfig) -> None:
    site = Path(config.site_dir)
    build: CheckerBuild = _state["build"]
    checker_deploy.write_service_worker(site, build.caches, build_id=_build_id(site), keep=[build.snapshot_cache])
    checker_deploy.write_header_files(site, _state["csp"], immutable=[SITE_DIR + "/"])
    if not _state.get("live_reload"):  # `mkdocs serve` rebuilds on every edit: skip the siblings there
        checker_compress.compress_site(site, _state["cache"] / "compressed")


def _build_id(site: Path) -> str:
    """A short hash of every page and asset the service worker caches: a new deploy gets a new cache."""
    digest = hashlib.sha256()
    for path in checker_deploy.shell_files(site):
        digest.update(path.encode())
        digest.update(hashlib.sha256((site / path).read_bytes()).digest())
    return digest.hexdigest()[:12]
