// ntfs_readdir with a filldir callback that only collects: libntfs-3g must not be re-entered
// (no inode opened) while it walks the directory index, so inodes are opened by the caller
// once this has returned.
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "ntfs_includes.h"
#include "CReaderSupport.h"

static const char hidden_root_folder[] = "System Volume Information";

static int is_dot_or_dotdot(const ntfschar *name, int length) {
    const ntfschar dot = const_cpu_to_le16('.');
    return (length == 1 && name[0] == dot) || (length == 2 && name[0] == dot && name[1] == dot);
}

static int append(iedrive_dir_listing *listing, char *name, uint64_t mref, unsigned dt_type) {
    if (listing->count == listing->capacity) {
        size_t capacity = listing->capacity ? listing->capacity * 2 : 64;
        iedrive_dir_entry *grown = realloc(listing->entries, capacity * sizeof *grown);
        if (grown == NULL) return ENOMEM;
        listing->entries = grown;
        listing->capacity = capacity;
    }
    listing->entries[listing->count++] = (iedrive_dir_entry){ name, mref, dt_type };
    return 0;
}

static int collect(void *context, const ntfschar *name, const int length, const int name_type,
                   const s64 position, const MFT_REF mref, const unsigned dt_type) {
    (void)position;
    iedrive_dir_listing *listing = context;
    if (name_type == FILE_NAME_DOS) return 0;          // the 8.3 alias of a name we also get
    if (is_dot_or_dotdot(name, length)) return 0;
    if (MREF(mref) < FILE_first_user) return 0;        // $MFT, $LogFile, …, $Extend
    char *utf8 = NULL;
    if (ntfs_ucstombs(name, length, &utf8, 0) < 0 || utf8 == NULL) {
        listing->unconvertible += 1;                   // unpaired surrogates: no UTF-8 form
        return 0;
    }
    if (listing->hide_root_extras && strcasecmp(utf8, hidden_root_folder) == 0) {
        free(utf8);
        return 0;
    }
    int error = append(listing, utf8, (uint64_t)mref, dt_type);
    if (error != 0) {
        free(utf8);
        listing->error = error;
        return -1;                                     // stops ntfs_readdir
    }
    return 0;
}

int iedrive_dir_list(struct _ntfs_inode *directory, int is_root, iedrive_dir_listing *listing) {
    listing->hide_root_extras = is_root;
    s64 position = 0;
    errno = 0;
    if (ntfs_readdir(directory, &position, listing, collect) != 0) {
        if (listing->error == 0) listing->error = errno ? errno : EIO;
    }
    return listing->error;
}

void iedrive_dir_listing_free(iedrive_dir_listing *listing) {
    for (size_t i = 0; i < listing->count; i++) free(listing->entries[i].name);
    free(listing->entries);
    listing->entries = NULL;
    listing->count = 0;
    listing->capacity = 0;
}
