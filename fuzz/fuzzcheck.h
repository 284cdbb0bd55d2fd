// Invariant checks for the fuzz targets: a broken invariant is a crash that libFuzzer saves.
#pragma once

#include <cstdio>
#include <cstdlib>

// Unlike Q_ASSERT, active in every build type; abort() makes libFuzzer write the crashing input.
#define FUZZ_CHECK(condition)                                                                      \
    do {                                                                                           \
        if (!(condition)) {                                                                        \
            std::fprintf(stderr, "%s:%d: invariant broken: %s\n", __FILE__, __LINE__, #condition); \
            std::abort();                                                                          \
        }                                                                                          \
    } while (false)
