// libntfs-3g headers for this target's C files, in the order they compile in (see
// Sources/CNTFS3G/shim.h for why each system header comes first).
#ifndef IEDRIVE_NTFS_INCLUDES_H
#define IEDRIVE_NTFS_INCLUDES_H
#include <sys/types.h>
#include <sys/stat.h>
#include <time.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <ntfs-3g/types.h>
#include <ntfs-3g/volume.h>
#include <ntfs-3g/device.h>
#include <ntfs-3g/inode.h>
#include <ntfs-3g/dir.h>
#include <ntfs-3g/unistr.h>
#include <ntfs-3g/attrib.h>
#include <ntfs-3g/cache.h>
#include <ntfs-3g/logging.h>
#endif
