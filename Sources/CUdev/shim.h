// CUdev: libudev (systemd 252) for device facts and, in the daemon, hotplug events.
// Only IEDriveDevices imports this module; no udev pointer leaves it.
#ifndef IEDRIVE_CUDEV_SHIM_H
#define IEDRIVE_CUDEV_SHIM_H
#include <sys/types.h>
#include <sys/sysmacros.h>   /* makedev/major/minor are macros: wrap them below */
#include <libudev.h>

static inline dev_t iedrive_makedev(unsigned int major, unsigned int minor) { return makedev(major, minor); }
static inline unsigned int iedrive_major(dev_t dev) { return major(dev); }
static inline unsigned int iedrive_minor(dev_t dev) { return minor(dev); }
#endif
