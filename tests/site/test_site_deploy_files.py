"""What the build leaves for a static host: compressed siblings, header files, the service worker."""

from __future__ import annotations

import gzip
import json
import re
import zipfile
from pathlib import Path

import brotli

BIG = ("assets/checker/pyodide-*/pyodide.asm.wasm", "assets/checker/pyodide-*/pyodide.asm.mjs")


def check_policy(site: Path) -> str:
    html = (site / "check" / "index.html").read_text(encoding="utf-8")
    match = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    assert match
    return match.group(1)


def app_folder(site: Path) -> Path:
    folders = sorted((site / "assets" / "checker").glob("app-*"))
    assert len(folders) == 1, folders
    return folders[0]


def test_big_files_have_brotli_and_gzip_siblings_with_the_same_bytes(built_site: Path) -> None:
    paths = [p for pattern in BIG for p in built_site.glob(pattern)]
    paths += [app_folder(built_site) / "python_stdlib.zip", built_site / "check" / "index.html"]
    for path in paths:
        data = path.read_bytes()
        br = path.with_name(path.name + ".br").read_bytes()
        gz = path.with_name(path.name + ".gz").read_bytes()
        assert brotli.decompress(br) == data, path
        assert gzip.decompress(gz) == data, path
        assert len(br) < len(gz) < len(data), path


def test_stdlib_is_trimmed_precompiled_bytecode(built_site: Path) -> None:
    with zipfile.ZipFile(app_folder(built_site) / "python_stdlib.zip") as archive:
        names = archive.namelist()
        assert names and all(name.endswith(".pyc") for name in names)
        assert "json/__init__.pyc" in names
        assert "tomllib/__init__.pyc" not in names, "the browser's checker reads its rule data as JSON"
        assert len(names) < 300, "only what the checker needs, not the whole library"
        assert all(info.compress_type == zipfile.ZIP_STORED for info in archive.infolist())


def test_site_wheel_is_the_precompiled_browser_copy(built_site: Path) -> None:
    """Modules as bytecode, rule data as JSON, entries stored (the .br sibling compresses across them)."""
    (wheel,) = app_folder(built_site).glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        assert "checker/bridge.pyc" in names and not [n for n in names if n.endswith((".py", ".toml"))]
        assert "checker/rules/scam.toml.json" in names
        assert all(info.compress_type == zipfile.ZIP_STORED for info in archive.infolist())
        record = next(n for n in names if n.endswith(".dist-info/RECORD"))
        assert "checker/bridge.pyc,sha256=" in archive.read(record).decode()
    assert brotli.decompress(wheel.with_name(wheel.name + ".br").read_bytes()) == wheel.read_bytes()


def test_netlify_headers_file(built_site: Path) -> None:
    text = (built_site / "_headers").read_text(encoding="utf-8")
    blocks: dict[str, list[str]] = {}
    current = ""
    for line in text.splitlines():
        if line.startswith("/"):
            current = line.strip()
            blocks.setdefault(current, [])
        elif line.startswith("  ") and current:
            blocks[current].append(line.strip())
    assert "Cache-Control: public, max-age=31536000, immutable" in blocks["/assets/checker/*"]
    wasm = [path for path in blocks if path.endswith(".wasm")]
    assert wasm and all("Content-Type: application/wasm" in blocks[path] for path in wasm)
    assert blocks["/sw.js"] == ["Cache-Control: no-cache"]
    for page in ("/", "/check/", "/verify/", "/404.html"):
        assert "Cache-Control: no-cache" in blocks[page], page
    assert f"Content-Security-Policy: {check_policy(built_site)}" in blocks["/check/"]


def test_nginx_snippet(built_site: Path) -> None:
    text = (built_site / "nginx-checker.conf").read_text(encoding="utf-8")
    assert "gzip_static on;" in text and "brotli_static on;" in text
    assert "types { } default_type application/wasm;" in text
    assert 'location ^~ /assets/checker/ {\n    add_header Cache-Control "public, max-age=31536000, immutable";' in text
    assert 'location = /sw.js {\n    add_header Cache-Control "no-cache";' in text
    assert f'add_header Content-Security-Policy "{check_policy(built_site)}";' in text
    assert text.count("{") == text.count("}")


def test_service_worker_lists_this_build(built_site: Path) -> None:
    source = (built_site / "sw.js").read_text(encoding="utf-8")
    manifest = json.loads(re.match(r"const MANIFEST = (\{.*?\});\n", source).group(1))  # type: ignore[union-attr]
    app = app_folder(built_site).name
    assert manifest["runtime"][f"assets/checker/{app}/"] == f"cuishou-app-{app.removeprefix('app-')}"
    assert f"assets/checker/{app}/python_stdlib.zip" in manifest["runtimeFiles"]
    (version,) = [name.removeprefix("cuishou-pyodide-") for name in manifest["runtime"].values() if "pyodide" in name]
    assert manifest["keep"] == [f"cuishou-snapshot-{version}-{app.removeprefix('app-')}"]  # the reader's snapshot
    assert {"", "check/", "report/", "assets/javascripts/checker/worker.js"} <= set(manifest["shell"])
    # Offline search: the scripts the theme's search worker imports for zh, and no other language's.
    lunr = {path for path in manifest["shell"] if "/lunr/" in path}
    assert lunr == {f"assets/javascripts/lunr/min/lunr.{name}.min.js" for name in ("stemmer.support", "zh")}
    for path in manifest["shell"] + manifest["runtimeFiles"]:
        target = built_site / path / "index.html" if path.endswith("/") or not path else built_site / path
        assert target.is_file(), path
    assert not (built_site / "hooks").exists(), "build glue from the theme folder is not published"
