# Toolchain for the Windows cross build with Debian's mingw-w64 (the posix
# thread model, which std::thread needs). Tests run under Wine through
# scripts/wine-run.sh.
#   cmake -S . -B build-windows -DCMAKE_TOOLCHAIN_FILE=scripts/cmake/mingw-w64.cmake
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(CMAKE_C_COMPILER x86_64-w64-mingw32-gcc-posix)
set(CMAKE_CXX_COMPILER x86_64-w64-mingw32-g++-posix)
set(CMAKE_RC_COMPILER x86_64-w64-mingw32-windres)
set(CMAKE_FIND_ROOT_PATH /usr/x86_64-w64-mingw32)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_CROSSCOMPILING_EMULATOR ${CMAKE_CURRENT_LIST_DIR}/../wine-run.sh)
# One self-contained .exe: no libstdc++ or winpthread DLLs to place beside it.
set(CMAKE_EXE_LINKER_FLAGS_INIT "-static")
