#define _GNU_SOURCE
#include "CSystemSupport.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <unistd.h>

enum { max_child_fds = 16 };

int iedrive_spawn(pid_t *pid, const char *path, char *const argv[], char *const envp[],
                  const int *parent_fds, int count) {
    if (count < 0 || count > max_child_fds) return EINVAL;
    /* Every source must sit at or above `count`, so that dup2 onto 0..<count in order can
       never overwrite a source still to be copied. Low ones get a temporary duplicate. */
    int sources[max_child_fds];
    int temporary[max_child_fds];
    int status = 0;
    for (int i = 0; i < count; i++) {
        sources[i] = parent_fds[i];
        temporary[i] = -1;
        if (status == 0 && sources[i] >= 0 && sources[i] < count) {
            temporary[i] = fcntl(sources[i], F_DUPFD_CLOEXEC, count);
            if (temporary[i] < 0) status = errno;
            sources[i] = temporary[i];
        }
    }
    posix_spawn_file_actions_t actions;
    if (status == 0) status = posix_spawn_file_actions_init(&actions);
    if (status == 0) {
        for (int i = 0; i < count && status == 0; i++) {
            status = sources[i] >= 0
                ? posix_spawn_file_actions_adddup2(&actions, sources[i], i)
                : posix_spawn_file_actions_addopen(&actions, i, "/dev/null", O_RDWR, 0);
        }
        if (status == 0) status = posix_spawn_file_actions_addclosefrom_np(&actions, count);
        if (status == 0) status = posix_spawn(pid, path, &actions, NULL, argv, envp);
        posix_spawn_file_actions_destroy(&actions);
    }
    for (int i = 0; i < count; i++) {
        if (temporary[i] >= 0) close(temporary[i]);
    }
    return status;
}

int iedrive_spawn_file_actions_addclosefrom(posix_spawn_file_actions_t *actions, int lowest) {
    return posix_spawn_file_actions_addclosefrom_np(actions, lowest);
}
