/*
 * faultfs — a read-only FUSE file system that serves one image file and injects faults into
 * its reads, so tests can attach a loop device to it and see real device read errors (EIO)
 * and hangs. This kernel has no dm-flakey, null_blk or fault injection; this is our fake.
 *
 *   faultfs IMAGE MOUNTPOINT [-f] [-o faults=CONTROL] [-o trace] [-o page_cache] [fuse options]
 *
 * MOUNTPOINT/<basename of IMAGE>  IMAGE's bytes (pread on an O_RDONLY fd), mode 0444.
 * MOUNTPOINT/.stats               "name value" lines: reads, served, failed (of the image),
 *                                 hung (ever), hanging (now), bytes (served), rules (in force),
 *                                 reloads and control_errors (of the control file).
 *
 * CONTROL (-o faults=PATH, else $FAULTFS_CONTROL) holds one rule per line; '#' starts a
 * comment. Offsets and lengths are bytes (decimal, or 0x… hex):
 *   eio START LENGTH     a read overlapping [START, START+LENGTH) fails with EIO
 *   hang START LENGTH    such a read waits (polling every 50 ms) until no hang rule overlaps
 *                        it any more, then is evaluated again and proceeds
 *   eio-after BYTES      a read overlapping [BYTES, end) fails with EIO (a drive pulled
 *                        mid-copy; a read that starts before BYTES but reaches past it fails too)
 *   write-eio START LENGTH with -o writable: a write overlapping [START, START+LENGTH) fails with EIO
 *   write-hang START LENGTH with -o writable: such a write waits until no write-hang rule overlaps it
 *   write-eio-after BYTES  with -o writable: a write overlapping [BYTES, end) fails with EIO
 *                        (a drive that fails writes; reads are judged by the rules above only)
 * Hang rules win over EIO rules. A missing control file means no faults; a malformed line is
 * reported on stderr, counted in .stats as control_errors and ignored.
 *
 * The control file is checked with stat(2) on every read and reloaded when it is a different
 * file (the daemon keeps the last one open, so its inode number cannot be reused) or its size,
 * mtime or ctime changed. Replace it atomically (write a temporary file, rename it over) so a
 * read never sees half a file. SIGHUP is not used: libfuse's handlers treat it as "exit".
 *
 * Every file is opened with FOPEN_DIRECT_IO, so every read(2) of the image — including the
 * loop driver's reads of its backing file — reaches this process; nothing is served from the
 * FUSE page cache. `-o page_cache` turns that off, only to show that caching hides faults.
 * The loop device above keeps its own page cache; what that means for repeated reads is
 * written down, and tested, in Sources/IEDriveTestSupport/FaultFS.swift.
 * The mount is read-only (`-o ro` is added) unless `-o writable`, which serves the image
 * read-write (export drives); otherwise opening for writing fails with EROFS.
 *
 * Build: cc -Wall -Wextra -O2 faultfs.c $(pkg-config --cflags --libs fuse3) -o faultfs
 */
#define FUSE_USE_VERSION 31
#define _GNU_SOURCE

#include <fuse.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define STATS_NAME ".stats"
#define HANG_POLL_NS (50L * 1000 * 1000)
#define CONTROL_MAX (1024 * 1024)

enum rule_kind { RULE_EIO, RULE_HANG, RULE_EIO_AFTER, RULE_WRITE_EIO_AFTER, RULE_WRITE_EIO, RULE_WRITE_HANG };

struct rule {
    enum rule_kind kind;
    uint64_t start;
    uint64_t end; /* exclusive; UINT64_MAX for eio-after */
};

static struct {
    const char *image_path;
    const char *control_path; /* absolute, or NULL: no faults */
    char *name;               /* basename of the image */
    char *file_path;          /* "/" + name */
    int image_fd;
    uint64_t image_size;
    struct stat image_stat;
    int page_cache;
    int trace;
    int writable;
} g = { .image_fd = -1 };

/* The rule set and the control file it came from. Guarded by rules_lock. */
static pthread_mutex_t rules_lock = PTHREAD_MUTEX_INITIALIZER;
static struct rule *rules;
static size_t rule_count;
static int control_fd = -1;
static struct stat control_stat;

static atomic_uint_fast64_t stat_reads, stat_served, stat_failed, stat_hung, stat_hanging,
    stat_bytes, stat_reloads, stat_control_errors;

static void logf_(const char *format, ...) __attribute__((format(printf, 1, 2)));
static void logf_(const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    fputs("faultfs: ", stderr);
    vfprintf(stderr, format, ap);
    fputc('\n', stderr);
    va_end(ap);
}

static int parse_u64(const char *text, uint64_t *out)
{
    if (text == NULL || *text == '\0' || *text == '-')
        return -1;
    char *end;
    errno = 0;
    unsigned long long value = strtoull(text, &end, 0);
    if (errno != 0 || *end != '\0')
        return -1;
    *out = value;
    return 0;
}

/* Parses one line into *r; returns 1 for a rule, 0 for blank/comment, -1 when malformed. */
static int parse_line(char *line, struct rule *r)
{
    char *hash = strchr(line, '#');
    if (hash)
        *hash = '\0';
    char *save = NULL;
    char *words[4] = { 0 };
    int n = 0;
    for (char *w = strtok_r(line, " \t\r", &save); w; w = strtok_r(NULL, " \t\r", &save)) {
        if (n == 4)
            return -1;
        words[n++] = w;
    }
    if (n == 0)
        return 0;
    uint64_t a, b;
    if ((strcmp(words[0], "write-eio") == 0 || strcmp(words[0], "write-hang") == 0) && n == 3 &&
        parse_u64(words[1], &a) == 0 && parse_u64(words[2], &b) == 0 && b > 0) {
        r->kind = words[0][6] == 'e' ? RULE_WRITE_EIO : RULE_WRITE_HANG;
        r->start = a;
        r->end = b > UINT64_MAX - a ? UINT64_MAX : a + b;
        return 1;
    }
    if ((strcmp(words[0], "eio") == 0 || strcmp(words[0], "hang") == 0) && n == 3 &&
        parse_u64(words[1], &a) == 0 && parse_u64(words[2], &b) == 0 && b > 0) {
        r->kind = words[0][0] == 'e' ? RULE_EIO : RULE_HANG;
        r->start = a;
        r->end = b > UINT64_MAX - a ? UINT64_MAX : a + b;
        return 1;
    }
    if ((strcmp(words[0], "eio-after") == 0 || strcmp(words[0], "write-eio-after") == 0) && n == 2 &&
        parse_u64(words[1], &a) == 0) {
        r->kind = words[0][0] == 'e' ? RULE_EIO_AFTER : RULE_WRITE_EIO_AFTER;
        r->start = a;
        r->end = UINT64_MAX;
        return 1;
    }
    return -1;
}

/* Replaces the rule set with the rules read from fd. Caller holds rules_lock. */
static void load_rules(int fd)
{
    char *text = malloc(CONTROL_MAX + 1);
    size_t used = 0;
    if (text == NULL) {
        logf_("out of memory reading %s", g.control_path);
        return;
    }
    for (;;) {
        ssize_t got = pread(fd, text + used, CONTROL_MAX - used, (off_t)used);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            logf_("cannot read %s: %s", g.control_path, strerror(errno));
            atomic_fetch_add(&stat_control_errors, 1);
            break;
        }
        if (got == 0 || (used += (size_t)got) == CONTROL_MAX)
            break;
    }
    text[used] = '\0';

    struct rule *parsed = NULL;
    size_t count = 0, capacity = 0;
    unsigned line_number = 0;
    for (char *line = text, *next; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        line_number++;
        struct rule r;
        int result = parse_line(line, &r);
        if (result < 0) {
            logf_("%s:%u: ignoring malformed rule", g.control_path, line_number);
            atomic_fetch_add(&stat_control_errors, 1);
            continue;
        }
        if (result == 0)
            continue;
        if (count == capacity) {
            size_t grown = capacity ? capacity * 2 : 8;
            struct rule *bigger = realloc(parsed, grown * sizeof *bigger);
            if (bigger == NULL) {
                logf_("out of memory parsing %s", g.control_path);
                break;
            }
            parsed = bigger;
            capacity = grown;
        }
        parsed[count++] = r;
    }
    free(text);
    free(rules);
    rules = parsed;
    rule_count = count;
    atomic_fetch_add(&stat_reloads, 1);
}

static int same_file_state(const struct stat *a, const struct stat *b)
{
    return a->st_dev == b->st_dev && a->st_ino == b->st_ino && a->st_size == b->st_size &&
           a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec &&
           a->st_ctim.tv_sec == b->st_ctim.tv_sec && a->st_ctim.tv_nsec == b->st_ctim.tv_nsec;
}

/* Reloads the rules when the control file changed. Caller holds rules_lock. */
static void refresh_rules(void)
{
    if (g.control_path == NULL)
        return;
    /* libfuse cancels worker threads at exit; never leave rules_lock held. */
    int old_state;
    pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &old_state);
    struct stat now;
    if (stat(g.control_path, &now) != 0) {
        if (control_fd >= 0 || rule_count > 0) {
            if (control_fd >= 0)
                close(control_fd);
            control_fd = -1;
            free(rules);
            rules = NULL;
            rule_count = 0;
            atomic_fetch_add(&stat_reloads, 1);
        }
    } else if (control_fd < 0 || !same_file_state(&now, &control_stat)) {
        int fd = open(g.control_path, O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            logf_("cannot open %s: %s", g.control_path, strerror(errno));
            atomic_fetch_add(&stat_control_errors, 1);
        } else {
            /* Record the state before reading: a write racing with us forces another reload. */
            fstat(fd, &control_stat);
            load_rules(fd);
            if (control_fd >= 0)
                close(control_fd);
            control_fd = fd;
        }
    }
    pthread_setcancelstate(old_state, NULL);
}

enum verdict { PASS, FAIL_EIO, HANG };

/* Reads are judged by the read rules, writes (-o writable) by the write rules only. */
static enum verdict judge_access(uint64_t offset, uint64_t size, int writing)
{
    uint64_t end = size > UINT64_MAX - offset ? UINT64_MAX : offset + size;
    enum verdict verdict = PASS;
    pthread_mutex_lock(&rules_lock);
    refresh_rules();
    for (size_t i = 0; i < rule_count; i++) {
        int write_rule = rules[i].kind == RULE_WRITE_EIO_AFTER || rules[i].kind == RULE_WRITE_EIO ||
                         rules[i].kind == RULE_WRITE_HANG;
        if (write_rule != (writing != 0))
            continue;
        if (offset < rules[i].end && rules[i].start < end) {
            if (rules[i].kind == RULE_HANG || rules[i].kind == RULE_WRITE_HANG) {
                verdict = HANG;
                break;
            }
            verdict = FAIL_EIO;
        }
    }
    pthread_mutex_unlock(&rules_lock);
    return verdict;
}

static int stats_text(char *buffer, size_t size)
{
    pthread_mutex_lock(&rules_lock);
    refresh_rules();
    size_t rules_now = rule_count;
    pthread_mutex_unlock(&rules_lock);
    int length = snprintf(buffer, size,
                          "reads %" PRIuFAST64 "\n"
                          "served %" PRIuFAST64 "\n"
                          "failed %" PRIuFAST64 "\n"
                          "hung %" PRIuFAST64 "\n"
                          "hanging %" PRIuFAST64 "\n"
                          "bytes %" PRIuFAST64 "\n"
                          "rules %zu\n"
                          "reloads %" PRIuFAST64 "\n"
                          "control_errors %" PRIuFAST64 "\n",
                          atomic_load(&stat_reads), atomic_load(&stat_served),
                          atomic_load(&stat_failed), atomic_load(&stat_hung),
                          atomic_load(&stat_hanging), atomic_load(&stat_bytes), rules_now,
                          atomic_load(&stat_reloads), atomic_load(&stat_control_errors));
    return length < 0 ? 0 : (length >= (int)size ? (int)size - 1 : length);
}

static void *ffs_init(struct fuse_conn_info *conn, struct fuse_config *cfg)
{
    (void)conn;
    cfg->direct_io = !g.page_cache;
    cfg->kernel_cache = 0;
    cfg->auto_cache = 0;
    return NULL;
}

static int ffs_getattr(const char *path, struct stat *st, struct fuse_file_info *fi)
{
    (void)fi;
    memset(st, 0, sizeof *st);
    st->st_uid = getuid();
    st->st_gid = getgid();
    st->st_atim = st->st_mtim = st->st_ctim = g.image_stat.st_mtim;
    if (strcmp(path, "/") == 0) {
        st->st_mode = S_IFDIR | 0555;
        st->st_nlink = 2;
    } else if (strcmp(path, g.file_path) == 0) {
        st->st_mode = S_IFREG | 0444;
        st->st_nlink = 1;
        st->st_size = (off_t)g.image_size;
        st->st_blksize = 4096;
        st->st_blocks = (blkcnt_t)((g.image_size + 511) / 512);
    } else if (strcmp(path, "/" STATS_NAME) == 0) {
        char text[512];
        st->st_mode = S_IFREG | 0444;
        st->st_nlink = 1;
        st->st_size = stats_text(text, sizeof text);
        clock_gettime(CLOCK_REALTIME, &st->st_mtim);
    } else {
        return -ENOENT;
    }
    return 0;
}

static int ffs_readdir(const char *path, void *buf, fuse_fill_dir_t filler, off_t offset,
                       struct fuse_file_info *fi, enum fuse_readdir_flags flags)
{
    (void)offset;
    (void)fi;
    (void)flags;
    if (strcmp(path, "/") != 0)
        return -ENOTDIR;
    filler(buf, ".", NULL, 0, 0);
    filler(buf, "..", NULL, 0, 0);
    filler(buf, g.name, NULL, 0, 0);
    filler(buf, STATS_NAME, NULL, 0, 0);
    return 0;
}

static int ffs_open(const char *path, struct fuse_file_info *fi)
{
    if (strcmp(path, g.file_path) != 0 && strcmp(path, "/" STATS_NAME) != 0)
        return -ENOENT;
    if ((fi->flags & O_TRUNC) || ((fi->flags & O_ACCMODE) != O_RDONLY
                                   && (!g.writable || strcmp(path, g.file_path) != 0)))
        return -EROFS;
    /* .stats changes under the reader: never cache it. The image is cached only on request. */
    fi->direct_io = strcmp(path, g.file_path) != 0 || !g.page_cache;
    fi->keep_cache = 0;
    return 0;
}

static void sleep_poll_interval(void)
{
    struct timespec delay = { 0, HANG_POLL_NS };
    while (nanosleep(&delay, &delay) != 0 && errno == EINTR) {
    }
}

/* The verdict on a read or write of [offset, offset+size), waiting (polling) while a hang rule
 * holds it; *waited says whether it was held. HANG means the caller gave up (the request was
 * interrupted): answer -EINTR. */
static enum verdict await_verdict(uint64_t offset, size_t size, int writing, int *waited)
{
    enum verdict verdict;
    while ((verdict = judge_access(offset, size, writing)) == HANG) {
        if (!*waited) {
            *waited = 1;
            atomic_fetch_add(&stat_hung, 1);
            atomic_fetch_add(&stat_hanging, 1);
        }
        if (fuse_interrupted()) {
            atomic_fetch_sub(&stat_hanging, 1);
            atomic_fetch_add(&stat_failed, 1);
            return HANG;
        }
        sleep_poll_interval();
    }
    if (*waited)
        atomic_fetch_sub(&stat_hanging, 1);
    return verdict;
}

static int read_image(char *buf, size_t size, off_t offset)
{
    atomic_fetch_add(&stat_reads, 1);
    int waited = 0;
    enum verdict verdict = await_verdict((uint64_t)offset, size, 0, &waited);
    if (verdict == HANG)
        return -EINTR;
    if (g.trace)
        logf_("read %zu at %jd: %s%s", size, (intmax_t)offset, verdict == FAIL_EIO ? "EIO" : "ok",
              waited ? " after hanging" : "");
    if (verdict == FAIL_EIO) {
        atomic_fetch_add(&stat_failed, 1);
        return -EIO;
    }
    size_t done = 0;
    while (done < size) {
        ssize_t got = pread(g.image_fd, buf + done, size - done, offset + (off_t)done);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            int error = errno;
            atomic_fetch_add(&stat_failed, 1);
            return -error;
        }
        if (got == 0)
            break;
        done += (size_t)got;
    }
    atomic_fetch_add(&stat_served, 1);
    atomic_fetch_add(&stat_bytes, done);
    return (int)done;
}

static int ffs_read(const char *path, char *buf, size_t size, off_t offset,
                    struct fuse_file_info *fi)
{
    (void)fi;
    if (strcmp(path, g.file_path) == 0)
        return read_image(buf, size, offset);
    if (strcmp(path, "/" STATS_NAME) == 0) {
        char text[512];
        int length = stats_text(text, sizeof text);
        if (offset >= length)
            return 0;
        size_t count = (size_t)(length - offset) < size ? (size_t)(length - offset) : size;
        memcpy(buf, text + offset, count);
        return (int)count;
    }
    return -ENOENT;
}

static int ffs_write(const char *path, const char *buf, size_t size, off_t offset,
                     struct fuse_file_info *fi)
{
    (void)fi;
    if (!g.writable || strcmp(path, g.file_path) != 0)
        return -EROFS;
    if ((uint64_t)offset + size > g.image_size)
        return -ENOSPC; /* the drive does not grow */
    int waited = 0;
    enum verdict verdict = await_verdict((uint64_t)offset, size, 1, &waited);
    if (verdict == HANG)
        return -EINTR;
    if (verdict == FAIL_EIO) {
        if (g.trace)
            logf_("write %zu at %jd: EIO", size, (intmax_t)offset);
        atomic_fetch_add(&stat_failed, 1);
        return -EIO;
    }
    size_t done = 0;
    while (done < size) {
        ssize_t put = pwrite(g.image_fd, buf + done, size - done, offset + (off_t)done);
        if (put < 0 && errno == EINTR)
            continue;
        if (put <= 0)
            return put < 0 ? -errno : -EIO;
        done += (size_t)put;
    }
    return (int)done;
}

static int ffs_truncate(const char *path, off_t size, struct fuse_file_info *fi)
{
    (void)path;
    (void)size;
    (void)fi;
    return -EROFS;
}

static int ffs_create(const char *path, mode_t mode, struct fuse_file_info *fi)
{
    (void)path;
    (void)mode;
    (void)fi;
    return -EROFS;
}

static const struct fuse_operations operations = {
    .init = ffs_init,
    .getattr = ffs_getattr,
    .readdir = ffs_readdir,
    .open = ffs_open,
    .read = ffs_read,
    .write = ffs_write,
    .truncate = ffs_truncate,
    .create = ffs_create,
};

struct options {
    const char *faults;
    int page_cache;
    int trace;
    int writable;
    int help;
};

static const struct fuse_opt option_spec[] = {
    { "faults=%s", offsetof(struct options, faults), 0 },
    { "page_cache", offsetof(struct options, page_cache), 1 },
    { "trace", offsetof(struct options, trace), 1 },
    { "writable", offsetof(struct options, writable), 1 },
    { "-h", offsetof(struct options, help), 1 },
    { "--help", offsetof(struct options, help), 1 },
    FUSE_OPT_END
};

static int take_image_argument(void *data, const char *arg, int key, struct fuse_args *args)
{
    (void)data;
    (void)args;
    if (key == FUSE_OPT_KEY_NONOPT && g.image_path == NULL) {
        g.image_path = arg;
        return 0; /* consumed: the next non-option is the mount point, for libfuse */
    }
    return 1;
}

static void usage(const char *program)
{
    fprintf(stderr,
            "usage: %s IMAGE MOUNTPOINT [options]\n"
            "  -o faults=PATH   control file with fault rules (default: $FAULTFS_CONTROL)\n"
            "  -o trace         log every image read (size, offset, verdict) on stderr\n"
            "  -o page_cache    let the kernel cache image pages (hides faults; experiments only)\n"
            "  -o writable      serve the image read-write (writes judged by the write-* rules)\n"
            "rules: eio START LENGTH | hang START LENGTH | eio-after BYTES | write-eio START LENGTH | write-hang START LENGTH | write-eio-after BYTES\n\n",
            program);
}

int main(int argc, char *argv[])
{
    /* Blocked signals are inherited: a parent spawning us from a thread that blocks SIGTERM
     * (Swift's Foundation.Process does) would leave libfuse's SIGTERM handler deaf. */
    sigset_t no_signals;
    sigemptyset(&no_signals);
    sigprocmask(SIG_SETMASK, &no_signals, NULL);

    struct fuse_args args = FUSE_ARGS_INIT(argc, argv);
    struct options options = { 0 };
    if (fuse_opt_parse(&args, &options, option_spec, take_image_argument) != 0)
        return 2;
    if (options.help) {
        usage(argv[0]);
        fuse_opt_add_arg(&args, "--help");
        args.argv[0][0] = '\0';
        int result = fuse_main(args.argc, args.argv, &operations, NULL);
        fuse_opt_free_args(&args);
        return result;
    }
    if (g.image_path == NULL) {
        usage(argv[0]);
        return 2;
    }

    g.writable = options.writable;
    g.image_fd = open(g.image_path, (g.writable ? O_RDWR : O_RDONLY) | O_CLOEXEC);
    if (g.image_fd < 0 || fstat(g.image_fd, &g.image_stat) != 0) {
        logf_("cannot open %s: %s", g.image_path, strerror(errno));
        return 1;
    }
    off_t end = lseek(g.image_fd, 0, SEEK_END); /* also right for a block device */
    if (end < 0) {
        logf_("cannot size %s: %s", g.image_path, strerror(errno));
        return 1;
    }
    g.image_size = (uint64_t)end;

    const char *slash = strrchr(g.image_path, '/');
    g.name = strdup(slash ? slash + 1 : g.image_path);
    if (g.name == NULL || *g.name == '\0' || strcmp(g.name, STATS_NAME) == 0 ||
        strcmp(g.name, ".") == 0 || strcmp(g.name, "..") == 0) {
        logf_("cannot serve an image named '%s'", g.name ? g.name : "");
        return 1;
    }
    if (asprintf(&g.file_path, "/%s", g.name) < 0)
        return 1;

    const char *control = options.faults ? options.faults : getenv("FAULTFS_CONTROL");
    if (control != NULL && *control != '\0') {
        /* Without -f libfuse daemonizes and changes to /: keep a relative path meaningful. */
        if (control[0] == '/') {
            g.control_path = control;
        } else {
            char cwd[PATH_MAX];
            char *absolute;
            if (getcwd(cwd, sizeof cwd) == NULL || asprintf(&absolute, "%s/%s", cwd, control) < 0)
                return 1;
            g.control_path = absolute;
        }
    }
    g.page_cache = options.page_cache;
    g.trace = options.trace;

    fuse_opt_add_arg(&args, g.writable ? "-ofsname=faultfs,subtype=faultfs" : "-oro,fsname=faultfs,subtype=faultfs");
    /* libfuse 3.14's fuse_main passes an unset max_idle_threads on as UINT_MAX and prints
     * "Ignoring invalid max threads value 4294967295" (libfuse/libfuse#1003). Set it first
     * so a caller's own -o max_idle_threads still wins. */
    fuse_opt_insert_arg(&args, 1, "-omax_idle_threads=10");
    int result = fuse_main(args.argc, args.argv, &operations, NULL);
    fuse_opt_free_args(&args);
    return result;
}
