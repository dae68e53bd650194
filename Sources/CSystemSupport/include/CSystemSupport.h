#ifndef IEDRIVE_CSYSTEMSUPPORT_H
#define IEDRIVE_CSYSTEMSUPPORT_H

#include <spawn.h>
#include <sys/types.h>

/// The C half of IEDriveSystem, the one place iedrive makes system calls. Each line here
/// exists because Swift cannot reach the C function or constant by itself:
///
/// - glibc declares syncfs, renameat2, pipe2, F_SETPIPE_SZ, O_DIRECT, RENAME_NOREPLACE,
///   RENAME_EXCHANGE, pthread_setname_np and posix_spawn_file_actions_addclosefrom_np only
///   under _GNU_SOURCE, and Swift's Glibc module is built without it. The .c files of this
///   target define _GNU_SOURCE and call them; Swift sees only the prototypes below. (Looking
///   them up by name at run time would trade the compiler's type check for a crash.)
/// - prctl and fcntl are variadic, and Swift does not call variadic C functions.
/// - mallopt's M_ARENA_MAX lives in <malloc.h>, which the Glibc module does not export.
///
/// Every function says what it returns on failure; IEDriveSystem's funnel turns that into a
/// SystemCallError. Nothing else should call these.

// MARK: files.c

/// O_DIRECT (_GNU_SOURCE): its value differs between architectures, so it comes from the
/// header rather than being spelled in Swift.
extern const int iedrive_open_direct;
/// SEEK_DATA and SEEK_HOLE (_GNU_SOURCE), for walking a sparse file's data extents.
extern const int iedrive_seek_data;
extern const int iedrive_seek_hole;

/// RENAME_NOREPLACE and RENAME_EXCHANGE (_GNU_SOURCE, <stdio.h>).
extern const unsigned int iedrive_rename_noreplace;
extern const unsigned int iedrive_rename_exchange;

/// syncfs(fd) (_GNU_SOURCE). 0, or -1 with errno.
int iedrive_syncfs(int fd);

/// renameat2(...) (_GNU_SOURCE, glibc 2.28). 0, or -1 with errno.
int iedrive_renameat2(int from_directory, const char *from, int to_directory, const char *to, unsigned int flags);

// MARK: pipes.c

/// pipe2(fds, O_CLOEXEC) (_GNU_SOURCE): both ends close-on-exec from the start, so a child
/// spawned by another thread meanwhile cannot inherit them. 0, or -1 with errno.
int iedrive_pipe_cloexec(int fds[2]);

/// fcntl(fd, F_SETPIPE_SZ, bytes) (variadic; F_SETPIPE_SZ is _GNU_SOURCE). The new
/// capacity, or -1 with errno.
int iedrive_set_pipe_size(int fd, int bytes);

// MARK: spawn.c

/// posix_spawn(path, argv, envp) whose child has `count` descriptors: child descriptor i is
/// dup2(parent_fds[i]) for i in 0..<count (-1: /dev/null), and every descriptor from `count`
/// on closed (posix_spawn_file_actions_addclosefrom_np, _GNU_SOURCE, glibc 2.34). Returns 0
/// and the pid, or an errno value.
int iedrive_spawn(pid_t *pid, const char *path, char *const argv[], char *const envp[],
                  const int *parent_fds, int count);

/// posix_spawn_file_actions_addclosefrom_np(actions, lowest) (_GNU_SOURCE, glibc 2.34), for
/// callers that build their own file actions (the end-to-end tests). 0, or an errno value.
int iedrive_spawn_file_actions_addclosefrom(posix_spawn_file_actions_t *actions, int lowest);

// MARK: process.c

/// pthread_setname_np(pthread_self(), name) (_GNU_SOURCE): names the calling thread (15
/// bytes show in /proc). 0, or an errno value.
int iedrive_name_this_thread(const char *name);

/// mallopt(M_ARENA_MAX, 1) (<malloc.h>): one malloc arena for the whole process. 1 on
/// success, 0 on failure (mallopt sets no errno).
int iedrive_single_malloc_arena(void);

/// prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) (variadic): no exec from here on can gain
/// privileges. 0, or -1 with errno.
int iedrive_set_no_new_privs(void);

/// prctl(PR_SET_PDEATHSIG, signal, 0, 0, 0) (variadic): the calling process gets `signal`
/// when the parent thread that created it ends (the parent process ending included). Cleared by a change of credentials: set it after dropping them.
/// 0, or -1 with errno.
int iedrive_set_parent_death_signal(int signal);

#endif
