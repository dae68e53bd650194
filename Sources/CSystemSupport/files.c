#define _GNU_SOURCE
#include "CSystemSupport.h"

#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

const int iedrive_open_direct = O_DIRECT;
const int iedrive_seek_data = SEEK_DATA;
const int iedrive_seek_hole = SEEK_HOLE;
const unsigned int iedrive_rename_noreplace = RENAME_NOREPLACE;
const unsigned int iedrive_rename_exchange = RENAME_EXCHANGE;

int iedrive_syncfs(int fd) {
    return syncfs(fd);
}

int iedrive_renameat2(int from_directory, const char *from, int to_directory, const char *to, unsigned int flags) {
    return renameat2(from_directory, from, to_directory, to, flags);
}
