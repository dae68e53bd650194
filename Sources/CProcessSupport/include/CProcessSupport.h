#ifndef IEDRIVE_CPROCESSSUPPORT_H
#define IEDRIVE_CPROCESSSUPPORT_H

#include <sys/types.h>

/// Process plumbing glibc declares only under _GNU_SOURCE, which Swift's Glibc module does
/// not define: close-on-exec pipes, pipe capacity, and spawning a child with exactly the
/// descriptors it is given.

/// pipe2(fds, O_CLOEXEC). Returns 0, or -1 with errno.
int iedrive_pipe_cloexec(int fds[2]);

/// fcntl(fd, F_SETPIPE_SZ, bytes). Returns the new capacity, or -1 with errno.
int iedrive_set_pipe_size(int fd, int bytes);

/// posix_spawn(path, argv, envp) whose child has `count` descriptors: child descriptor i is
/// dup2(parent_fds[i]) for i in 0..<count (-1: /dev/null), and every descriptor from `count`
/// on closed. Returns 0 and the pid, or an errno value.
int iedrive_spawn(pid_t *pid, const char *path, char *const argv[], char *const envp[],
                  const int *parent_fds, int count);

/// pthread_setname_np(pthread_self(), name): names the calling thread (15 bytes show).
/// Returns 0 or an errno value.
int iedrive_name_this_thread(const char *name);

/// mallopt(M_ARENA_MAX, 1): one malloc arena for the whole process (see the caller).
int iedrive_single_malloc_arena(void);

#endif
