#define _GNU_SOURCE
#include "CSystemSupport.h"

#include <fcntl.h>
#include <unistd.h>

int iedrive_pipe_cloexec(int fds[2]) {
    return pipe2(fds, O_CLOEXEC);
}

int iedrive_set_pipe_size(int fd, int bytes) {
    return fcntl(fd, F_SETPIPE_SZ, bytes);
}
