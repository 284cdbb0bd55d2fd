# Sanitizer and fuzzing builds. Included from the top-level CMakeLists.txt right after
# farmcam_compile_options is defined: the instrumentation travels with that target, so everything
# that is ours (core, sim, ui, apps, tests, benchmarks, fuzzers) is instrumented and Qt is not.
#
#   -DFARMCAM_SANITIZE=ON                    AddressSanitizer + UndefinedBehaviorSanitizer (gcc or clang)
#   -DFARMCAM_SANITIZE="address;undefined"   the same, spelled out; any -fsanitize= list works
#   -DFARMCAM_FUZZ=ON                        libFuzzer targets in fuzz/ (clang only; adds ASan+UBSan)
#
# scripts/test-sanitizers.sh and scripts/fuzz.sh drive these; docs/ROBUSTNESS.md explains them.

set(_farmcam_sanitizers "")
if(FARMCAM_SANITIZE)
    # A true value (ON, YES, 1) means the usual pair; anything else is taken as the list itself.
    if(FARMCAM_SANITIZE MATCHES "^(ON|On|on|TRUE|True|true|YES|Yes|yes|1)$")
        set(_farmcam_sanitizers address undefined)
    else()
        set(_farmcam_sanitizers ${FARMCAM_SANITIZE})
    endif()
endif()

if(FARMCAM_FUZZ)
    if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
        message(FATAL_ERROR "FARMCAM_FUZZ needs clang (libFuzzer): configure with "
                            "-DCMAKE_CXX_COMPILER=clang++ (scripts/fuzz.sh does)")
    endif()
    # A fuzzer that only looks for crashes misses most bugs: run it under ASan and UBSan.
    list(APPEND _farmcam_sanitizers address undefined)
    list(REMOVE_DUPLICATES _farmcam_sanitizers)
    # Coverage feedback for libFuzzer in all of our code, the fuzzed parsers included; only the
    # fuzz targets link libFuzzer's main (fuzz/CMakeLists.txt).
    target_compile_options(farmcam_compile_options INTERFACE -fsanitize=fuzzer-no-link
        # clang's -pedantic flags Qt's own qCDebug(category) macro use in every file that logs.
        -Wno-gnu-zero-variadic-macro-arguments)
endif()

if(_farmcam_sanitizers)
    list(JOIN _farmcam_sanitizers "," _farmcam_sanitizer_list)
    message(STATUS "FarmCam: building with -fsanitize=${_farmcam_sanitizer_list}")
    target_compile_options(farmcam_compile_options INTERFACE
        -fsanitize=${_farmcam_sanitizer_list}
        # Readable stacks in reports, including LeakSanitizer's (it unwinds with frame pointers).
        -fno-omit-frame-pointer)
    if("undefined" IN_LIST _farmcam_sanitizers)
        # Undefined behaviour is a test failure, not a line in a log nobody reads.
        target_compile_options(farmcam_compile_options INTERFACE -fno-sanitize-recover=undefined)
    endif()
    target_link_options(farmcam_compile_options INTERFACE -fsanitize=${_farmcam_sanitizer_list})
endif()

if(FARMCAM_FUZZ)
    add_subdirectory(${PROJECT_SOURCE_DIR}/fuzz ${PROJECT_BINARY_DIR}/fuzz)
endif()
