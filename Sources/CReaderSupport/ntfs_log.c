#include "ntfs_includes.h"
#include "CReaderSupport.h"

void iedrive_ntfs_log_to_stderr(void) {
    // ntfs_log_handler_stderr writes every level to stderr (ntfs_log_handler_outerr would
    // send some to stdout, which the reader keeps on /dev/null anyway).
    ntfs_log_set_handler(ntfs_log_handler_stderr);
    ntfs_log_clear_levels(NTFS_LOG_LEVEL_DEBUG | NTFS_LOG_LEVEL_TRACE | NTFS_LOG_LEVEL_QUIET
                          | NTFS_LOG_LEVEL_INFO | NTFS_LOG_LEVEL_VERBOSE | NTFS_LOG_LEVEL_PROGRESS
                          | NTFS_LOG_LEVEL_ENTER | NTFS_LOG_LEVEL_LEAVE);
    ntfs_log_set_levels(NTFS_LOG_LEVEL_WARNING | NTFS_LOG_LEVEL_ERROR | NTFS_LOG_LEVEL_PERROR
                        | NTFS_LOG_LEVEL_CRITICAL);
    ntfs_log_clear_flags(NTFS_LOG_FLAG_FILENAME | NTFS_LOG_FLAG_LINE | NTFS_LOG_FLAG_FUNCTION);
    ntfs_log_set_flags(NTFS_LOG_FLAG_PREFIX);
}
