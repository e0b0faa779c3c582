"""setup.py: builds the sqlite-crossentropy wheel, the SQLite extension
compiled from ext/ into the package as `make` compiles dist/crossentropy.so.

`make wheel` runs it offline (docs/python.md): it stages this folder and the
library's sources as the sdist, then pip builds the wheel from that sdist.
Rules, cited in the code as (1)..(5):
 (1) One version: ext/core/version.h's CROSSENTROPY_VERSION is the
     package's version and its _version.py, written at build time.
 (2) One way to compile: ext/flags.mk's CFLAGS, warnings, directories and
     LIBS, the same -DCE_BUILD_FLAGS string and one compiler run, so
     crossentropy_debug() reports the same cflags as `make`'s library.
 (3) The library is not a Python extension module: SQLite loads it, and it
     uses nothing of Python's. So the wheel is tagged py3-none-PLATFORM (any
     Python 3, this platform), never py3-none-any and never one CPython.
 (4) PLATFORM is what the library truly meets (wheel_tag.py): on Linux
     the manylinux tag its ELF file allows, else the plain linux_ARCH; on
     macOS this machine's architecture and deployment target. An editable
     install, tagged before anything is built, keeps the interpreter's.
 (5) Building from source without a C compiler, or without SQLite's
     headers, stops with what to install, before any compile.
"""
import os
import re
import shlex
import subprocess
import sys

from setuptools import Distribution, setup
from setuptools.command.build_ext import build_ext
from setuptools.command.build_py import build_py

try:
    from setuptools.command.bdist_wheel import bdist_wheel   # setuptools >= 70.1
except ImportError:
    from wheel.bdist_wheel import bdist_wheel

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import wheel_tag  # noqa: E402  (beside this file, in the sdist too)

# The sdist holds ext/ beside this file; a checkout has it one level up.
ROOT = HERE if os.path.isdir(os.path.join(HERE, "ext")) else os.path.dirname(HERE)
PACKAGE = "sqlite_crossentropy"
LIBRARY = "crossentropy." + ("dylib" if sys.platform == "darwin" else "so")


def read_version():                                                     # (1)
    with open(os.path.join(ROOT, "ext", "core", "version.h")) as f:
        return re.search(r'#define CROSSENTROPY_VERSION "([^"]+)"', f.read()).group(1)


def read_flags():                                                       # (2)
    """ext/flags.mk's NAME ?= / := lines, as {NAME: [words]}."""
    flags = {}
    with open(os.path.join(ROOT, "ext", "flags.mk")) as f:
        for line in f:
            m = re.match(r"([A-Z_]+)\s*([?:])=\s*(.*)$", line.strip())
            if m is None:
                continue
            name, kind, value = m.groups()
            if kind == "?" and name in os.environ:      # make's ?=: even if empty
                value = os.environ[name]
            flags[name] = shlex.split(value)
    return flags


def compile_command(output):                                            # (2)
    flags = read_flags()
    warn = flags["WARN_FLAGS"] + (flags["CI_WARN_FLAGS"] if os.environ.get("CI") else [])
    build_flags = " ".join(flags["CFLAGS"] + warn)
    shared = ["-dynamiclib"] if sys.platform == "darwin" else ["-shared"]
    dirs = [os.path.join(ROOT, d) for d in flags["LIBRARY_DIRS"]]
    sources = sorted(os.path.join(d, name) for d in dirs
                     for name in os.listdir(d) if name.endswith(".c"))
    return (compiler() + ['-DCE_BUILD_FLAGS="%s"' % build_flags] + flags["CFLAGS"]
            + flags["LOADABLE_FLAGS"] + shared + warn + ["-I" + d for d in dirs]
            + ["-o", output] + sources + flags["LIBS"])


def compiler():
    """CC as make reads it: a command, maybe of several words (ccache gcc)."""
    return shlex.split(os.environ.get("CC") or "cc")


def check_toolchain():                                                  # (5)
    cc = " ".join(compiler())
    try:
        probe = subprocess.run(compiler() + read_flags()["CFLAGS"] + ["-E", "-x", "c", "-"],
                               input=b"#include <sqlite3ext.h>\n",
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    except OSError:
        sys.exit("sqlite-crossentropy: building from source needs a C compiler, and "
                 "'%s' was not found. Install one (Debian/Ubuntu: apt-get install "
                 "build-essential; macOS: xcode-select --install), set CC, or install "
                 "the wheel instead." % cc)
    if probe.returncode != 0:
        sys.exit("sqlite-crossentropy: building from source needs SQLite's headers, and "
                 "the C compiler '%s' does not find sqlite3ext.h. Install them "
                 "(Debian/Ubuntu: apt-get install libsqlite3-dev; Fedora: dnf install "
                 "sqlite-devel; macOS: brew install sqlite, then "
                 "CFLAGS=\"-O2 -I$(brew --prefix sqlite)/include\"), or install the "
                 "wheel instead." % cc)


class BuildLibrary(build_ext):
    """Compiles the extension into the package (no Python module is built)."""

    def run(self):
        check_toolchain()
        output = self.library_path()
        os.makedirs(os.path.dirname(output), exist_ok=True)
        command = compile_command(output)
        print(" ".join(shlex.quote(word) for word in command))
        subprocess.check_call(command)

    def library_path(self):
        base = HERE if self.inplace else self.build_lib
        return os.path.join(base, PACKAGE, LIBRARY)

    def get_outputs(self):
        return [self.library_path()]


class BuildPackage(build_py):
    """The package's modules, and _version.py written from version.h (into
    the source folder for an editable install, which imports from there)."""

    def run(self):
        super().run()
        with open(self.version_path(), "w") as f:                       # (1)
            f.write('"""Written by setup.py from ext/core/version.h."""\n'
                    '__version__ = "%s"\n' % read_version())

    def version_path(self):
        base = HERE if getattr(self, "editable_mode", False) else self.build_lib
        return os.path.join(base, PACKAGE, "_version.py")

    def get_outputs(self, include_bytecode=1):
        return super().get_outputs(include_bytecode) + [self.version_path()]


class PlatformWheel(bdist_wheel):
    def finalize_options(self):
        super().finalize_options()
        self.root_is_pure = False

    def get_tag(self):                                                  # (3)
        _, _, platform = super().get_tag()
        library = self.get_finalized_command("build_ext").library_path()
        if self.plat_name_supplied or not os.path.isfile(library):      # (4)
            return "py3", "none", platform
        if platform.startswith("linux_"):
            platform = wheel_tag.manylinux_tag(library, platform[len("linux_"):]) or platform
        elif platform.startswith("macosx_"):
            platform = wheel_tag.macos_tag()
        return "py3", "none", platform


class LibraryDistribution(Distribution):
    def has_ext_modules(self):      # a compiled file: platlib, a platform wheel
        return True


setup(
    version=read_version(),
    packages=[PACKAGE],
    distclass=LibraryDistribution,
    cmdclass={"build_ext": BuildLibrary, "build_py": BuildPackage,
              "bdist_wheel": PlatformWheel},
    zip_safe=False,
)
