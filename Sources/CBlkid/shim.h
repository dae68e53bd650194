// CBlkid: libblkid (util-linux 2.38) for low-level probing.
// pkg-config `blkid` puts -I/usr/include/blkid on the path, hence the bare include.
// Only IEDriveDevices imports this module; no blkid pointer leaves it.
#ifndef IEDRIVE_CBLKID_SHIM_H
#define IEDRIVE_CBLKID_SHIM_H
#include <blkid.h>
#endif
