"""The build hook that puts the Pyodide runtime, the checker wheel and the CSP into the site."""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import json
import re
import shutil
import sys
import zipfile
from pathlib import Path
from types import ModuleType

import pytest
from mkdocs.exceptions import PluginError

from tests.browser.conftest import ROOT


def _load_hook() -> ModuleType:
    """Load the hook as MkDocs does (its folder on sys.path while it runs, for its sibling modules)."""
    spec = importlib.util.spec_from_file_location("checker_assets", ROOT / "overrides/hooks/checker_assets.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["checker_assets"] = module
    sys.path.insert(0, str(ROOT / "overrides" / "hooks"))
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(ROOT / "overrides" / "hooks"))
    return module


hook = _load_hook()
NODE_PYODIDE = ROOT / "node_modules" / "pyodide"


def sha256_b64(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_inline_script_hashes_cover_exactly_the_executable_inline_scripts() -> None:
    html = (
        "<head><script>var a=1</script>"
        '<script src="x.js"></script>'
        '<script type="application/json" id="__config">{"a": 1}</script>'
        '<script type="module">import "./y.js"</script>'
        "<script>var a=1</script></head>"
    )
    assert hook.inline_script_hashes(html) == [sha256_b64("var a=1"), sha256_b64('import "./y.js"')]


def test_csp_allows_scripts_only_from_self_wasm_and_hashes() -> None:
    csp = hook.build_csp(["'sha256-abc'"])
    directives = dict(part.split(" ", 1) for part in csp.split("; "))
    assert directives["script-src"] == "'self' 'wasm-unsafe-eval' 'sha256-abc'"
    assert directives["connect-src"] == "'self'"
    assert directives["worker-src"] == "'self'"
    assert "unsafe-inline" not in csp and "unsafe-eval'" not in csp.replace("wasm-unsafe-eval'", "")


def test_dev_server_policy_allows_its_live_reload_script() -> None:
    dev = dict(part.split(" ", 1) for part in hook.build_csp(["'sha256-abc'"], live_reload=True).split("; "))
    assert dev["script-src"] == "'self' 'wasm-unsafe-eval' 'unsafe-inline'"
    assert dev["connect-src"] == "'self'"


def test_apply_csp_fills_the_placeholder_only() -> None:
    page = f'<meta http-equiv="Content-Security-Policy" content="{hook.CSP_PLACEHOLDER}"><script>x()</script>'
    assert sha256_b64("x()") in hook.apply_csp(page)
    assert hook.apply_csp("<p>no placeholder</p>") == "<p>no placeholder</p>"


def test_source_hash_follows_the_checker_sources(tmp_path: Path) -> None:
    (tmp_path / "checker").mkdir()
    (tmp_path / "checker" / "__init__.py").write_text("A = 1\n")
    (tmp_path / "pyproject.toml").write_text("[project]\n")
    first = hook.source_hash(tmp_path)
    (tmp_path / "checker" / "__pycache__").mkdir()
    (tmp_path / "checker" / "__pycache__" / "x.pyc").write_bytes(b"junk")
    assert hook.source_hash(tmp_path) == first, "bytecode caches do not count"
    (tmp_path / "checker" / "__init__.py").write_text("A = 2\n")
    assert hook.source_hash(tmp_path) != first


def test_pyodide_install_is_checked_against_package_json(tmp_path: Path) -> None:
    assert hook.expected_pyodide_version(ROOT / "package.json") == "314.0.7"
    hook.check_pyodide_install(NODE_PYODIDE, "314.0.7")
    with pytest.raises(PluginError, match="npm ci"):
        hook.check_pyodide_install(tmp_path / "missing", "314.0.7")
    with pytest.raises(PluginError, match=r"314\.0\.7.*pins 999"):
        hook.check_pyodide_install(NODE_PYODIDE, "999")


def test_wheel_build_is_cached_and_recorded_in_the_lock(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(ROOT / "checker", root / "checker", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(ROOT / "pyproject.toml", root / "pyproject.toml")
    cache = tmp_path / "cache"
    first = hook.build_wheel(root, cache, NODE_PYODIDE / "pyodide-lock.json")
    assert first.wheel.name.endswith("-py3-none-any.whl")
    with zipfile.ZipFile(first.wheel) as wheel:
        assert "checker/bridge.py" in wheel.namelist()
    lock = json.loads(first.lock_file.read_text())
    assert set(lock["packages"]) == {"cuishou-checker"}, "trimmed to what the site hosts"
    entry = lock["packages"]["cuishou-checker"]
    assert entry["sha256"] == hashlib.sha256(first.wheel.read_bytes()).hexdigest()
    assert entry["file_name"] == first.wheel.name
    assert lock["info"] == json.loads((NODE_PYODIDE / "pyodide-lock.json").read_text())["info"]
    mtime = first.wheel.stat().st_mtime_ns
    again = hook.build_wheel(root, cache, NODE_PYODIDE / "pyodide-lock.json")
    assert again == first and again.wheel.stat().st_mtime_ns == mtime, "cache hit: no rebuild"
    (root / "checker" / "bridge.py").write_text((root / "checker" / "bridge.py").read_text() + "\n# changed\n")
    changed = hook.build_wheel(root, cache, NODE_PYODIDE / "pyodide-lock.json")
    assert changed.source_hash != first.source_hash and changed.wheel.exists()


@pytest.mark.site
def test_built_site_carries_the_runtime_and_a_complete_csp(site_dir: Path) -> None:
    html = (site_dir / "check" / "index.html").read_text(encoding="utf-8")
    island = json.loads(re.search(r'id="__checker">(.*?)</script>', html, re.DOTALL).group(1))  # type: ignore[union-attr]
    core = (site_dir / "check" / island["indexURL"]).resolve()
    for name in hook.PYODIDE_CORE_FILES:
        assert (core / name).read_bytes() == (NODE_PYODIDE / name).read_bytes()
    assert not (core / "pyodide.js").exists() and not (core / "pyodide-lock.json").exists()
    lock = json.loads((site_dir / "check" / island["lockFileURL"]).resolve().read_text())
    wheel = (site_dir / "check" / island["lockFileURL"]).resolve().parent / lock["packages"]["cuishou-checker"][
        "file_name"
    ]
    assert hashlib.sha256(wheel.read_bytes()).hexdigest() == lock["packages"]["cuishou-checker"]["sha256"]
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)  # type: ignore[union-attr]
    head_end = html.index("<script")
    assert html.index("Content-Security-Policy") < head_end, "the policy precedes every script"
    for source in hook.inline_script_hashes(html):
        assert source in policy
    assert not list((ROOT / "docs").rglob("*.whl")), "generated files never land in docs/"
