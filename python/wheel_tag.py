"""wheel_tag.py: the platform tag a built library truly meets.

A wheel tagged manylinux_2_Y_ARCH promises to run on every Linux of that
architecture whose glibc is 2.Y or later (PEP 600). For a shared library,
the promise holds when, read from its own ELF file:
 (1) every library it needs (DT_NEEDED) is one that every glibc system has
     (ALLOWED: libc, libm, libpthread, libdl, librt);
 (2) every symbol version it needs from them (the version-needs section) is
     GLIBC_2.X, and Y is the largest such X (never below the smallest tag
     pip knows for the architecture: 2_5 on x86, 2_17 elsewhere).
Otherwise (not glibc, not a 64-bit little-endian ELF of the architecture
asked for, another library, a GLIBC_PRIVATE symbol, a file it cannot read)
manylinux_tag() returns None and the wheel keeps the plain linux_ARCH tag,
which promises only a machine like this one.
On macOS (3) the library is built for the machine's architecture and for
MACOSX_DEPLOYMENT_TARGET when it is set (the compiler reads it), else for
this macOS: macos_tag() says that, not the interpreter's own tag (a
python.org build says universal2 and an old macOS).
"""
import os
import platform
import re
import struct

ALLOWED = {"libc.so.6", "libm.so.6", "libpthread.so.0", "libdl.so.2", "librt.so.1"}
SHT_DYNAMIC = 6
SHT_GNU_VERNEED = 0x6ffffffe
DT_NEEDED = 1
MACHINES = {62: "x86_64", 183: "aarch64", 21: "ppc64le", 22: "s390x"}   # e_machine


def read_needs(path):
    """(architecture, libraries, versions) of the ELF file at path: its
    machine, its DT_NEEDED names, and {library: [version names]} from its
    version-needs section. None when the file is not a 64-bit little-endian
    ELF or cannot be read as one."""
    try:
        with open(path, "rb") as f:
            return _read_elf(f.read())
    except (OSError, struct.error, ValueError, IndexError, UnicodeDecodeError):
        return None


def _read_elf(data):
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        return None
    machine, = struct.unpack_from("<H", data, 0x12)
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", data, 0x3a)
    sections = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize)
                for i in range(shnum)]

    def string(section_index, offset):
        start = sections[section_index][4] + offset
        return data[start:data.index(b"\0", start)].decode()

    libraries, versions = [], {}
    for _, kind, _, _, offset, size, link, info, _, _ in sections:
        if kind == SHT_DYNAMIC:
            for at in range(offset, offset + size, 16):
                tag, value = struct.unpack_from("<qQ", data, at)
                if tag == DT_NEEDED:
                    libraries.append(string(link, value))
        elif kind == SHT_GNU_VERNEED:
            at = offset
            for _ in range(info):                  # info: number of entries
                _, count, file_name, aux, next_entry = struct.unpack_from("<HHIII", data, at)
                names, aux_at = [], at + aux
                for _ in range(count):
                    _, _, _, name, next_aux = struct.unpack_from("<IHHII", data, aux_at)
                    names.append(string(link, name))
                    aux_at += next_aux
                versions[string(link, file_name)] = names
                at += next_entry
    return MACHINES.get(machine), libraries, versions


def manylinux_tag(path, arch):
    """manylinux_2_Y_<arch> for the library at path, or None (see above)."""
    needs = read_needs(path)
    if needs is None or needs[0] != arch:
        return None
    _, libraries, versions = needs
    if not libraries or not set(libraries) <= ALLOWED:                  # (1)
        return None
    minors = []
    for names in versions.values():
        for name in names:
            m = re.fullmatch(r"GLIBC_2\.(\d+)(\.\d+)?", name)
            if m is None:
                return None                                             # (2)
            minors.append(int(m.group(1)))
    floor = 5 if arch in ("x86_64", "i686") else 17
    return "manylinux_2_%d_%s" % (max(minors + [floor]), arch)


def macos_tag():
    """macosx_X_Y_ARCH of a library this machine's compiler builds."""
    target = os.environ.get("MACOSX_DEPLOYMENT_TARGET") or platform.mac_ver()[0]
    parts = [int(p) for p in target.split(".")[:2]] + [0]
    major, minor = parts[0], (parts[1] if parts[0] < 11 else 0)   # 11 on: minor is 0
    return "macosx_%d_%d_%s" % (major, minor, platform.machine())
