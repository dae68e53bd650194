#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sys/prctl.h>
#include "CReaderSupport.h"

int iedrive_set_no_new_privs(void) {
    return prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0 ? 0 : errno;
}

int iedrive_pipe_set_size(int fd, int bytes) {
    return fcntl(fd, F_SETPIPE_SZ, bytes) >= 0 ? 0 : errno;
}
