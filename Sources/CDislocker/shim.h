// CDislocker: libdislocker 0.7.3 (Debian libdislocker0-dev), the BitLocker unlocker.
// It ships no pkg-config file; module.modulemap links -ldislocker (/usr/lib/libdislocker.so).
// Only IEDriveNTFS imports this module; no dislocker pointer leaves it.
#ifndef IEDRIVE_CDISLOCKER_SHIM_H
#define IEDRIVE_CDISLOCKER_SHIM_H
// These four only. Not dislocker/common.h: its TRUE/FALSE macros clash with libntfs-3g's
// BOOL enum. Not ssl_bindings.h: it needs mbedtls/config.h, which is not installed.
#include <dislocker/dislocker.h>
#include <dislocker/config.h>
#include <dislocker/inouts/inouts.h>
#include <dislocker/return_values.h>
#endif
