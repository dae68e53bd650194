#!/usr/bin/env python3
"""Byte-level helpers for scripts/make-test-drive (Python 3 standard library only).

Subcommands (all offsets and lengths in bytes):

  bitlocker-info IMAGE
      Parse the BitLocker volume header and FVE metadata of IMAGE and print
      key=value lines, one `region=START LENGTH NAME` line per area that
      libdislocker virtualises (writes there fail with EFAULT, reads give zeros)
      or that BitLocker owns. Exit status 3 with a reason on stderr when the
      volume is a kind we cannot build on (To Go, Vista, EOW, not fully encrypted).
  free-bitmap IMAGE BITMAP free|used START:LEN...
      Check that every NTFS cluster touched by the ranges is free (or used) in
      BITMAP (the $Bitmap stream, e.g. from ntfscat); the cluster size comes
      from the NTFS boot sector of IMAGE. Prints cluster_size=N.
  free-bytes IMAGE BITMAP
      Print the free space of the NTFS in IMAGE, counted in BITMAP.
  mkfiles DIR PREFIX COUNT
      Create COUNT empty files DIR/PREFIX-NNNNNN; print `INODE NAME` per file.
  keep-reserve DIR TARGETDIR PREFIX INODE...
      Delete every file in DIR whose inode is not listed; move the listed ones
      to TARGETDIR/PREFIX-<k>; remove DIR. Prints the bytes kept.
  copy-tree SRC DST BIGLIST THRESHOLD COMPRESSED [DOSNAMES]
      Copy a directory tree into an ntfs-3g mount (see cmd_copy_tree).
  set-times SRC DST BIGLIST
      Restore the exact times of the files in BIGLIST and of their directories.
  fill-files SRC DST LIST
      Write the contents of the files in LIST (NUL-separated, relative) into
      their existing copies under DST. Exit status 4 when the volume is full.
  set-attrib PATH MASK
      OR MASK (e.g. 0x800 compressed, 0x6 hidden|system) into the NTFS
      attribute word of PATH on an ntfs-3g mount (xattr system.ntfs_attrib_be).
  write-volume SRC DST [START:LEN...]
      Copy SRC over DST (same size) in 1 MiB pieces, skipping the ranges.
  compare SRC DST [START:LEN...]
      Exit 1 (and say where) if SRC and DST differ outside the ranges.
  splice SRC DST OFFSET
      Copy the data extents of the sparse file SRC into DST at OFFSET (holes
      stay holes), without reading the holes.
"""

import errno
import os
import stat
import struct
import sys
import uuid
import zlib

MIB = 1 << 20

# Volume GUID in the header of a normal (Windows 7+) BitLocker volume, and of one
# still being converted ("encrypt on write" / EOW). Stored little-endian (mixed) as
# Windows GUIDs are; compared as raw bytes.
def _guid_bytes(text):
    return uuid.UUID(text).bytes_le

INFORMATION_OFFSET_GUID = _guid_bytes("4967d63b-2e29-4ad8-8399-f6a339e3d001")
EOW_INFORMATION_OFFSET_GUID = _guid_bytes("92a84d3b-dd80-4d0e-9e4e-b1e3284eaed8")

METADATA_STATE_ENCRYPTED = 4
DATUM_VALUE_VIRTUALIZATION_INFO = 0x000F

ENCRYPTION_NAMES = {
    0x8000: "aes-cbc-128-elephant",
    0x8001: "aes-cbc-256-elephant",
    0x8002: "aes-cbc-128",
    0x8003: "aes-cbc-256",
    0x8004: "aes-xts-128",
    0x8005: "aes-xts-256",
}


class Unsupported(Exception):
    """The image is BitLocker, but not a kind make-test-drive can fill."""


def die(msg, code=1):
    print(f"test_drive_helper: {msg}", file=sys.stderr)
    sys.exit(code)


def parse_ranges(args):
    ranges = []
    for a in args:
        start, length = a.split(":")
        ranges.append((int(start), int(length)))
    return sorted(ranges)


# --------------------------------------------------------------------------- BitLocker

def _read(f, off, n):
    f.seek(off)
    data = f.read(n)
    if len(data) != n:
        raise Unsupported(f"short read at {off} (image truncated?)")
    return data


def _metadata_block(f, off):
    """Return the FVE metadata block at `off` (header + dataset) if its CRC32 is valid.

    Layout (libbde "FVE metadata block header", dislocker bitlocker_information_t):
      0 "-FVE-FS-", 8 u16 size (x16 for version 2), 10 u16 version, 12 u16 state,
      14 u16 next state, 16 u64 encrypted volume size, 24 u32 convert size,
      28 u32 number of backed-up boot sectors, 32 3 x u64 metadata offsets,
      56 u64 boot-sector backup offset, 64 dataset (header 48 bytes, then datums).
    A validation block follows the metadata; its u32 at +4 is the CRC32 of it.
    """
    head = _read(f, off, 64)
    if head[:8] != b"-FVE-FS-":
        return None
    size16, version = struct.unpack_from("<HH", head, 8)
    size = size16 << 4 if version == 2 else size16
    if size <= 64 + 48:
        return None
    block = _read(f, off, size)
    validation = _read(f, off + size, 8)
    if zlib.crc32(block) != struct.unpack_from("<I", validation, 4)[0]:
        return None
    return block


def bitlocker_info(path):
    with open(path, "rb") as f:
        vh = _read(f, 0, 512)
        sig = vh[3:11]
        if sig == b"MSWIN4.1":
            raise Unsupported("BitLocker To Go volume (it wraps FAT, not NTFS)")
        if sig != b"-FVE-FS-":
            raise Unsupported(f"no BitLocker signature (found {sig!r})")
        sector_size = struct.unpack_from("<H", vh, 0x0B)[0]
        if sector_size not in (512, 1024, 2048, 4096):
            raise Unsupported(f"odd sector size {sector_size}")
        # Vista volumes keep a metadata LCN at 0x38 and have no virtualisation info.
        if struct.unpack_from("<Q", vh, 0x38)[0] != 0:
            raise Unsupported("Windows Vista BitLocker layout")
        guid = vh[0xA0:0xB0]
        if guid == EOW_INFORMATION_OFFSET_GUID:
            raise Unsupported("volume uses 'encrypt on write' (EOW) or is still being "
                              "converted; dislocker cannot write to it")
        if guid != INFORMATION_OFFSET_GUID:
            raise Unsupported("unknown volume GUID in the BitLocker header")
        offsets = struct.unpack_from("<3Q", vh, 0xB0)

        block = None
        for off in offsets:
            block = _metadata_block(f, off)
            if block is not None:
                break
        if block is None:
            raise Unsupported("no FVE metadata block with a valid CRC32")

    version, state, next_state, enc_size, _convert, nb_backup = struct.unpack_from(
        "<HHHQII", block, 10)
    meta_offsets = struct.unpack_from("<3Q", block, 32)
    backup_off = struct.unpack_from("<Q", block, 56)[0]
    if version != 2:
        raise Unsupported(f"FVE metadata version {version}, want 2")
    if state != METADATA_STATE_ENCRYPTED or next_state != METADATA_STATE_ENCRYPTED:
        raise Unsupported(f"volume not fully encrypted (state {state} -> {next_state})")
    if tuple(meta_offsets) != tuple(offsets):
        raise Unsupported("metadata offsets in header and FVE block disagree")

    ds_size, _one, ds_header, _copy = struct.unpack_from("<IIII", block, 64)
    encryption = struct.unpack_from("<H", block, 64 + 36)[0]

    # Walk the datums for the virtualisation info: how many bytes at the start of
    # the volume are virtualised (served from the boot-sector backup), and, since
    # Windows 8, where the conversion log lives.
    virt_bytes = None
    convert_log = (0, 0)
    pos, end = 64 + ds_header, 64 + ds_size
    while pos + 8 <= end:
        dsize, _etype, vtype, _status = struct.unpack_from("<HHHH", block, pos)
        if dsize < 8:
            break
        if vtype == DATUM_VALUE_VIRTUALIZATION_INFO:
            _boot, virt_bytes = struct.unpack_from("<QQ", block, pos + 8)
            if dsize >= 24 + 28:   # extended info: +16 log offset (u64), +24 size (u32)
                convert_log = (struct.unpack_from("<Q", block, pos + 24 + 16)[0],
                               struct.unpack_from("<I", block, pos + 24 + 24)[0])
        pos += dsize
    if virt_bytes is None:
        raise Unsupported("FVE metadata has no virtualisation datum")
    if virt_bytes != nb_backup * sector_size:
        raise Unsupported(f"virtualised size {virt_bytes} != {nb_backup} backup sectors "
                          f"x {sector_size}")

    # dislocker (metadata.c end_compute_regions): each metadata copy occupies one
    # sector-aligned 64 KiB area.
    meta_len = (sector_size + 0xFFFF) & ~(sector_size - 1)
    regions = [(o, meta_len, f"fve-metadata-{i + 1}") for i, o in enumerate(offsets)]
    regions.append((backup_off, virt_bytes, "boot-sector-backup"))
    if convert_log[0] and convert_log[1]:
        # dislocker does not guard it, but Windows owns it: keep it out of NTFS
        # and leave its ciphertext alone.
        regions.append((convert_log[0], convert_log[1], "conversion-log"))
    regions.sort()
    for (a, la, na), (b, _lb, nb) in zip(regions, regions[1:]):
        if a + la > b:
            raise Unsupported(f"regions {na} and {nb} overlap")
    for a, la, na in regions:
        if a < virt_bytes or a + la > enc_size:
            raise Unsupported(f"region {na} at {a} lies outside the volume")

    return {
        "sector_size": sector_size,
        "volume_size": enc_size,
        "virtualized_size": virt_bytes,
        "encryption": ENCRYPTION_NAMES.get(encryption, f"0x{encryption:04x}"),
        "regions": regions,
    }


def cmd_bitlocker_info(args):
    try:
        info = bitlocker_info(args[0])
    except Unsupported as e:
        print(e, file=sys.stderr)
        sys.exit(3)
    for k in ("sector_size", "volume_size", "virtualized_size", "encryption"):
        print(f"{k}={info[k]}")
    for start, length, name in info["regions"]:
        print(f"region={start} {length} {name}")


# --------------------------------------------------------------------------- NTFS

def ntfs_cluster_size(path):
    with open(path, "rb") as f:
        bs = f.read(512)
    if bs[3:11] != b"NTFS    ":
        die(f"{path}: no NTFS boot sector")
    bps = struct.unpack_from("<H", bs, 0x0B)[0]
    spc = bs[0x0D]
    # Values above 0x80 encode 2^(256-n) bytes per cluster (clusters > 64 KiB).
    return bps * spc if spc <= 0x80 else 1 << (256 - spc)


def read_bitmap(image, bitmap_path):
    with open(bitmap_path, "rb") as f:
        bitmap = f.read()
    return ntfs_cluster_size(image), bitmap


def cmd_free_bitmap(args):
    image, bitmap_path, want = args[0], args[1], args[2]
    cs, bitmap = read_bitmap(image, bitmap_path)
    bad = []
    for start, length in parse_ranges(args[3:]):
        for lcn in range(start // cs, (start + length - 1) // cs + 1):
            used = bool(bitmap[lcn >> 3] & (1 << (lcn & 7)))
            if used != (want == "used"):
                bad.append(lcn)
    if bad:
        die(f"clusters {bad[0]}..{bad[-1]} ({len(bad)} clusters) are not {want}")
    print(f"cluster_size={cs}")


def cmd_free_bytes(args):
    """Print the free space of the NTFS in bytes, counted in its $Bitmap."""
    image, bitmap_path = args[0], args[1]
    cs, bitmap = read_bitmap(image, bitmap_path)
    with open(image, "rb") as f:
        bs = f.read(512)
    # Total sectors (0x28) excludes the backup boot sector; bits past the last cluster
    # may be set as padding, so count only real clusters.
    total = struct.unpack_from("<Q", bs, 0x28)[0] * struct.unpack_from("<H", bs, 0x0B)[0] // cs
    used = sum(bin(b).count("1") for b in bitmap[: total // 8])
    for lcn in range(total // 8 * 8, total):
        used += bool(bitmap[lcn >> 3] & (1 << (lcn & 7)))
    print((total - used) * cs)


def cmd_mkfiles(args):
    """Create COUNT empty files DIR/PREFIX-NNNNNN and print `INODE NAME` for each.

    On an ntfs-3g mount the inode number is the MFT record number, which is what
    ntfscluster reports as the owner of a cluster.
    """
    d, prefix, count = args[0], args[1], int(args[2])
    for n in range(count):
        name = f"{prefix}-{n:06d}"
        path = os.path.join(d, name)
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))
        print(os.stat(path).st_ino, name)


def cmd_keep_reserve(args):
    d, target, prefix = args[0], args[1], args[2]
    keep = {int(x) for x in args[3:]}
    k = kept_bytes = 0
    for name in sorted(os.listdir(d)):
        path = os.path.join(d, name)
        st = os.stat(path)
        if st.st_ino in keep:
            os.rename(path, os.path.join(target, f"{prefix}-{k}"))
            k += 1
            kept_bytes += st.st_size
        else:
            os.unlink(path)
    os.rmdir(d)
    if k != len(keep):
        die(f"kept {k} reserve files, expected {len(keep)}")
    print(kept_bytes)


def cmd_copy_tree(args):
    """Copy the tree SRC into DST (an ntfs-3g mount), like `cp -a --sparse=auto`.

    * Holes of the source files (SEEK_HOLE) are skipped, so NTFS makes them sparse.
    * Dense regular files of at least THRESHOLD bytes outside COMPRESSED are only
      created empty here and listed (NUL-separated, relative) in BIGLIST: ntfs-3g
      writes through FUSE in 4 KiB requests on volumes under 4 GiB (~35 MB/s), so
      the caller fills them afterwards with ntfscp, which is 20x faster.
    * COMPRESSED (a top-level directory name, or "") is created first and marked
      NTFS-compressed, so ntfs-3g compresses everything written below it.
    * Hard links stay hard links; symlinks are copied as symlinks; mtimes are kept.
    * DOSNAMES "1": every file and directory whose name is not already a DOS 8.3 name
      gets an 8.3 alias (`LONGNA~1.TXT`), as Windows makes them (see dos_alias).
    Exit status 4 when the volume is full.
    """
    src, dst, biglist, threshold, compressed = args[0], args[1], args[2], int(args[3]), args[4]
    dos_names = len(args) > 5 and args[5] == "1"
    aliases = {}               # directory copy -> 8.3 names taken in it
    links = {}
    dirs = [(src, dst)]        # (source, copy) pairs whose times are set at the end
    big = []
    try:
        for root, dirnames, filenames in os.walk(src):
            dirnames.sort()
            rel = os.path.relpath(root, src)
            droot = dst if rel == "." else os.path.join(dst, rel)
            if rel not in (".", compressed):      # the compressed one exists already
                os.mkdir(droot)
                dirs.append((root, droot))
                if dos_names:
                    add_dos_alias(droot, aliases)
            in_compressed = compressed and (rel == compressed or rel.startswith(compressed + "/"))
            if rel == ".":
                if compressed:
                    if compressed not in dirnames:
                        die(f"{compressed}: no such top-level directory in {src}")
                    # Created (and marked) before anything is written below it.
                    cdir = os.path.join(dst, compressed)
                    os.mkdir(cdir)
                    cmd_set_attrib([cdir, "0x800"])
                    dirs.append((os.path.join(src, compressed), cdir))
                    if dos_names:
                        add_dos_alias(cdir, aliases)
                    dirnames.remove(compressed)
                    dirnames.insert(0, compressed)
            # Symlinks to directories show up in dirnames; os.walk does not follow them.
            for name in sorted(filenames) + [n for n in dirnames
                                             if os.path.islink(os.path.join(root, n))]:
                s_path, d_path = os.path.join(root, name), os.path.join(droot, name)
                st = os.lstat(s_path)
                if stat.S_ISLNK(st.st_mode):
                    os.symlink(os.readlink(s_path), d_path)
                    continue
                if not stat.S_ISREG(st.st_mode):
                    die(f"{s_path}: not a regular file, directory or symlink")
                key = (st.st_dev, st.st_ino)
                if st.st_nlink > 1 and key in links:
                    os.link(links[key], d_path)
                    continue
                links[key] = d_path
                if (not in_compressed and st.st_size >= threshold
                        and not has_holes(s_path, st.st_size)):
                    os.close(os.open(d_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))
                    big.append(os.path.relpath(s_path, src))
                else:
                    copy_sparse(s_path, d_path, st.st_size)
                if dos_names and st.st_nlink == 1:   # ntfs-3g gives no alias to a linked file
                    add_dos_alias(d_path, aliases)
                os.utime(d_path, ns=(st.st_atime_ns, st.st_mtime_ns))
            dirnames[:] = [n for n in dirnames if not os.path.islink(os.path.join(root, n))]
        # Directory times last, deepest first (creating entries changes them).
        for s_dir, d_dir in reversed(dirs):
            st = os.stat(s_dir)
            os.utime(d_dir, ns=(st.st_atime_ns, st.st_mtime_ns))
    except OSError as e:
        if e.errno == errno.ENOSPC:
            print("test_drive_helper: no space left in the NTFS", file=sys.stderr)
            sys.exit(4)
        raise
    with open(biglist, "wb") as f:
        for rel in big:
            f.write(os.fsencode(rel) + b"\0")


DOS_CHARS = set("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")


def dos_alias(name, taken):
    """The 8.3 alias Windows would give NAME (`Übergröße Liste.txt` -> `BERGR~1.TXT`), or
    None when NAME already is an upper-case 8.3 name. TAKEN: aliases used in the directory."""
    base, dot, ext = name.rpartition(".")
    if not dot or not base:
        base, dot, ext = name, "", ""
    if (1 <= len(base) <= 8 and len(ext) <= 3 and set(base.upper()) <= DOS_CHARS
            and set(ext.upper()) <= DOS_CHARS and (dot == "" or ext)):
        # An 8.3 name already; only a lower-case one gets its upper-case spelling.
        return None if name == name.upper() or name.upper() in taken else name.upper()
    stem = "".join(c for c in base.upper() if c in DOS_CHARS)[:6] or "NAME"
    ext = "".join(c for c in ext.upper() if c in DOS_CHARS)[:3]
    n = 1
    while True:
        alias = f"{stem}~{n}" + (f".{ext}" if ext else "")
        if alias not in taken:
            return alias
        n += 1
        stem = stem[:8 - 1 - len(str(n))]


def add_dos_alias(path, aliases):
    """Give PATH (on an ntfs-3g mount) its 8.3 alias (xattr system.ntfs_dos_name)."""
    taken = aliases.setdefault(os.path.dirname(path), set())
    alias = dos_alias(os.path.basename(path), taken)
    if alias is None:
        return
    os.setxattr(path, "system.ntfs_dos_name", alias.encode())
    taken.add(alias)


def read_list(path):
    with open(path, "rb") as f:
        return [os.fsdecode(r) for r in f.read().split(b"\0") if r]


def cmd_fill_files(args):
    """Write the contents of the files listed in LIST into their (existing) copies."""
    src, dst, listfile = args[0], args[1], args[2]
    try:
        for rel in read_list(listfile):
            s_path = os.path.join(src, rel)
            copy_sparse(s_path, os.path.join(dst, rel), os.stat(s_path).st_size, existing=True)
    except OSError as e:
        if e.errno == errno.ENOSPC:
            print("test_drive_helper: no space left in the NTFS", file=sys.stderr)
            sys.exit(4)
        raise


def cmd_set_times(args):
    """Give the files listed in BIGLIST (and their directories) the times of SRC's.

    ntfscp -t only keeps whole seconds, and writing a file may touch its directory.
    """
    src, dst, biglist = args[0], args[1], args[2]
    rels = read_list(biglist)
    dirs = set()
    for rel in rels:
        st = os.stat(os.path.join(src, rel))
        os.utime(os.path.join(dst, rel), ns=(st.st_atime_ns, st.st_mtime_ns))
        parent = os.path.dirname(rel)
        while parent:
            dirs.add(parent)
            parent = os.path.dirname(parent)
    for rel in sorted(dirs, key=lambda d: d.count("/"), reverse=True) + [""]:
        st = os.stat(os.path.join(src, rel))
        os.utime(os.path.join(dst, rel), ns=(st.st_atime_ns, st.st_mtime_ns))


def has_holes(path, size):
    fd = os.open(path, os.O_RDONLY)
    try:
        return size > 0 and os.lseek(fd, 0, os.SEEK_HOLE) < size
    finally:
        os.close(fd)


def data_extents(fd, size):
    """Yield (start, end) of the data regions of a file (SEEK_DATA/SEEK_HOLE)."""
    pos = 0
    while pos < size:
        try:
            start = os.lseek(fd, pos, os.SEEK_DATA)
        except OSError as e:
            if e.errno == errno.ENXIO:      # only a hole is left
                return
            raise
        end = min(os.lseek(fd, start, os.SEEK_HOLE), size)
        yield start, end
        pos = end


def copy_sparse(src, dst, size, existing=False):
    sfd = os.open(src, os.O_RDONLY)
    flags = os.O_TRUNC if existing else os.O_CREAT | os.O_EXCL
    dfd = os.open(dst, os.O_WRONLY | flags, 0o644)
    try:
        for start, end in data_extents(sfd, size):
            p = start
            while p < end:
                chunk = os.pread(sfd, min(MIB, end - p), p)
                if not chunk:
                    die(f"{src} shrank while copying")
                done = 0
                while done < len(chunk):
                    done += os.pwrite(dfd, chunk[done:], p + done)
                p += len(chunk)
        os.ftruncate(dfd, size)      # a trailing hole
    finally:
        os.close(sfd)
        os.close(dfd)


def cmd_set_attrib(args):
    path, mask = args[0], int(args[1], 0)
    cur = struct.unpack(">I", os.getxattr(path, "system.ntfs_attrib_be"))[0]
    os.setxattr(path, "system.ntfs_attrib_be", struct.pack(">I", cur | mask))
    new = struct.unpack(">I", os.getxattr(path, "system.ntfs_attrib_be"))[0]
    if new & mask != mask:
        die(f"{path}: NTFS attributes 0x{new:x} lack 0x{mask:x}")


# --------------------------------------------------------------------------- raw copies

def _pieces(size, skips, step=MIB):
    """Yield (offset, length) covering [0, size) minus the skipped ranges."""
    pos = 0
    for start, length in skips + [(size, 0)]:
        while pos < start:
            n = min(step, start - pos)
            yield pos, n
            pos += n
        pos = max(pos, start + length)


def cmd_write_volume(args):
    src, dst = args[0], args[1]
    skips = parse_ranges(args[2:])
    size = os.path.getsize(src)
    sfd = os.open(src, os.O_RDONLY)
    dfd = os.open(dst, os.O_WRONLY)
    try:
        if os.fstat(dfd).st_size != size:
            die(f"{dst} is {os.fstat(dfd).st_size} bytes, {src} is {size}")
        for off, n in _pieces(size, skips):
            data = os.pread(sfd, n, off)
            done = 0
            while done < n:
                done += os.pwrite(dfd, data[done:], off + done)
        os.fsync(dfd)
    finally:
        os.close(sfd)
        os.close(dfd)


def cmd_compare(args):
    src, dst = args[0], args[1]
    skips = parse_ranges(args[2:])
    size = os.path.getsize(src)
    if os.path.getsize(dst) != size:
        die(f"size differs: {src} {size}, {dst} {os.path.getsize(dst)}")
    with open(src, "rb") as a, open(dst, "rb") as b:
        for off, n in _pieces(size, skips):
            x, y = os.pread(a.fileno(), n, off), os.pread(b.fileno(), n, off)
            if x != y:
                first = next(i for i in range(n) if x[i] != y[i])
                die(f"content differs at byte {off + first}")


def cmd_splice(args):
    src, dst, offset = args[0], args[1], int(args[2])
    sfd = os.open(src, os.O_RDONLY)
    dfd = os.open(dst, os.O_WRONLY)
    try:
        for start, end in data_extents(sfd, os.fstat(sfd).st_size):
            p = start
            while p < end:
                chunk = os.pread(sfd, min(8 * MIB, end - p), p)
                done = 0
                while done < len(chunk):
                    done += os.pwrite(dfd, chunk[done:], offset + p + done)
                p += len(chunk)
        os.fsync(dfd)
    finally:
        os.close(sfd)
        os.close(dfd)


COMMANDS = {
    "bitlocker-info": (cmd_bitlocker_info, 1),
    "free-bitmap": (cmd_free_bitmap, 3),
    "free-bytes": (cmd_free_bytes, 2),
    "mkfiles": (cmd_mkfiles, 3),
    "copy-tree": (cmd_copy_tree, 5),
    "set-times": (cmd_set_times, 3),
    "fill-files": (cmd_fill_files, 3),
    "keep-reserve": (cmd_keep_reserve, 3),
    "set-attrib": (cmd_set_attrib, 2),
    "write-volume": (cmd_write_volume, 2),
    "compare": (cmd_compare, 2),
    "splice": (cmd_splice, 3),
}


def main(argv):
    if len(argv) < 2 or argv[1] not in COMMANDS:
        die(f"usage: {argv[0]} {{{'|'.join(COMMANDS)}}} ARGS...  (see the docstring)", 2)
    fn, nargs = COMMANDS[argv[1]]
    if len(argv) - 2 < nargs:
        die(f"{argv[1]}: needs at least {nargs} arguments", 2)
    fn(argv[2:])


if __name__ == "__main__":
    main(sys.argv)
