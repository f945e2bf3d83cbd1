"""`python -m extract.native_build`: compiles the extractor modules listed in extract.native whose
compiled copy is missing or stale (`--force`: all of them). Needs Cython and a C compiler at build
time only; without them the extractor runs from source."""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
from pathlib import Path

from extract.native import BUILD_DIR, MODULES, PACKAGE_DIR, binary_path, is_current, stamp_path

PACKAGE = "extract"  # the compiled modules keep their import names


def _install(path: Path, data: bytes) -> None:
    """Writes the file whole under another name, then moves it into place: never overwritten in
    place, as a running process may have the old binary mapped, and never seen half written."""
    part = path.with_name(f"{path.name}.{os.getpid()}.part")
    part.write_bytes(data)
    os.replace(part, path)


def build(force: bool = False) -> list[str]:
    """Compiles the modules whose copy is missing or stale; returns their names. Raises when the
    compiler fails (the caller decides whether running from source is acceptable)."""
    todo = [name for name in MODULES if force or not is_current(name)]
    if not todo:
        return []
    from Cython.Build import cythonize  # build-time only: never imported by a run
    from setuptools import Extension
    from setuptools.dist import Distribution

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / PACKAGE
        src.mkdir()
        (src / "__init__.py").write_text("")
        hashes = {}
        for name in todo:
            code = (PACKAGE_DIR / f"{name}.py").read_bytes()
            (src / f"{name}.py").write_bytes(code)
            hashes[name] = hashlib.sha256(code).hexdigest()  # the stamp is of the bytes compiled
        extensions = [Extension(f"{PACKAGE}.{name}", [str(src / f"{name}.py")]) for name in todo]
        modules = cythonize(
            extensions, compiler_directives={"language_level": 3}, quiet=True, nthreads=os.cpu_count() or 1
        )
        dist = Distribution({"ext_modules": modules})
        cmd = dist.get_command_obj("build_ext")
        cmd.build_lib, cmd.build_temp = str(Path(tmp) / "lib"), str(Path(tmp) / "temp")
        cmd.parallel = os.cpu_count() or 1
        cmd.ensure_finalized()
        cmd.run()
        BUILD_DIR.mkdir(parents=True, exist_ok=True)
        for name in todo:
            built = Path(tmp) / "lib" / PACKAGE / binary_path(name).name
            # the stamp goes first and comes back last, so a build cut off in between leaves a
            # binary without a stamp (not used) rather than a stamp that vouches for another binary
            stamp_path(name).unlink(missing_ok=True)
            _install(binary_path(name), built.read_bytes())
            _install(stamp_path(name), (hashes[name] + "\n").encode())
    return todo


def main() -> None:
    force = "--force" in sys.argv[1:]
    try:
        built = build(force)
    except Exception as exc:  # no compiler or headers: the extractor still runs, from source
        print(
            f"extract.native_build: not compiled ({type(exc).__name__}: {exc}); the extractor runs from source",
            file=sys.stderr,
        )
        return
    print(
        f"extract.native_build: compiled {', '.join(built)}"
        if built
        else "extract.native_build: compiled modules are current"
    )


if __name__ == "__main__":
    main()
