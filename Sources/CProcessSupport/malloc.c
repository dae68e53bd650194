#include "CProcessSupport.h"

#include <malloc.h>

int iedrive_single_malloc_arena(void) {
    return mallopt(M_ARENA_MAX, 1);
}
