// libdislocker opens the volume with its exported dis_open(), called through the PLT, so a
// dis_open defined in the executable takes its place (the executable must export it:
// iedrive_dis_open_is_interposed checks). libdislocker's own opens O_RDWR without
// O_CLOEXEC: udev then sees a writer and sends a synthetic change event on close, and the
// descriptor leaks into children. Ours opens read-only, and "/dev/fd/N" means "a copy of
// inherited descriptor N": the unprivileged reader cannot open the device by path.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <dislocker/return_values.h>
#include "CReaderSupport.h"

int dis_open(const char *file, int mode);

int dis_open(const char *file, int mode) {
    (void)mode;   // read-only whatever libdislocker asks for
    if (file == NULL) {
        errno = EINVAL;
        return -1;
    }
    static const char prefix[] = "/dev/fd/";
    if (strncmp(file, prefix, sizeof prefix - 1) == 0) {
        const char *digits = file + sizeof prefix - 1;
        char *end = NULL;
        errno = 0;
        long fd = strtol(digits, &end, 10);
        if (errno != 0 || end == digits || *end != '\0' || fd < 0 || fd > INT_MAX) {
            errno = EBADF;
            return -1;
        }
        // A copy, because libdislocker closes what it opened; 3 and up keeps it off stdio.
        return fcntl((int)fd, F_DUPFD_CLOEXEC, 3);
    }
    return open(file, O_RDONLY | O_CLOEXEC | O_NOCTTY);
}

int iedrive_dis_open_is_interposed(void) {
    void *found = dlsym(RTLD_DEFAULT, "dis_open");
    return found == (void *)&dis_open;
}

int iedrive_dis_errno(void) {
    return dis_errno;
}
