# The hardening Debian gives its packages (dpkg-buildflags with hardening=+all), for our code in
# every optimized build. Why here and not only in scripts/check-package.sh: the everyday `build`
# folder is then the one a package can be made from (CI packages the build it tests instead of
# compiling everything a second time), and what runs in tests is what ships.
#
#   -fstack-protector-strong, -D_FORTIFY_SOURCE=2   checked stack and string/memory calls
#   -Wl,-z,relro -Wl,-z,now                          read-only relocations, bound at start
#
# _FORTIFY_SOURCE needs optimization, so Debug builds go without; sanitizer and fuzz builds too,
# since ASan replaces the same functions and the two get in each other's way. Position-independent
# executables are Debian gcc's default already. The -U first: Ubuntu's gcc defines level 3 itself,
# and a redefinition would be a warning (an error with FARMCAM_WERROR).
# -DFARMCAM_HARDENING=OFF turns it all off.

if(FARMCAM_HARDENING AND NOT FARMCAM_SANITIZE AND NOT FARMCAM_FUZZ)
    target_compile_options(farmcam_compile_options INTERFACE -fstack-protector-strong
        "$<$<NOT:$<CONFIG:Debug>>:-U_FORTIFY_SOURCE;-D_FORTIFY_SOURCE=2>")
    target_link_options(farmcam_compile_options INTERFACE LINKER:-z,relro LINKER:-z,now)
endif()
