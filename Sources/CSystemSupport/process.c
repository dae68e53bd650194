#define _GNU_SOURCE
#include "CSystemSupport.h"

#include <malloc.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/prctl.h>

int iedrive_name_this_thread(const char *name) {
    char shortened[16];
    snprintf(shortened, sizeof shortened, "%s", name);
    return pthread_setname_np(pthread_self(), shortened);
}

int iedrive_single_malloc_arena(void) {
    return mallopt(M_ARENA_MAX, 1);
}

int iedrive_set_no_new_privs(void) {
    return prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
}

int iedrive_set_parent_death_signal(int signal) {
    return prctl(PR_SET_PDEATHSIG, (unsigned long)signal, 0, 0, 0);
}
