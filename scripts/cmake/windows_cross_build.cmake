# The Windows set, cross-built with mingw-w64: the orchestration core and the
# Windows-only code, with their tests for Wine. cpprestsdk and SQLiteCpp are
# not available for mingw, so the HTTP and storage layers are built for
# Windows only with MSVC and vcpkg; this build proves the rest compiles for
# Windows with warnings as errors and runs there.

# Debian's header-only libraries, staged in a folder of their own so that the
# mingw compiler never sees the Linux system headers beside them.
set(STAGED_INCLUDE ${CMAKE_BINARY_DIR}/staged-include)
file(MAKE_DIRECTORY ${STAGED_INCLUDE})
foreach(dir nlohmann spdlog fmt postgresql)
  if(NOT EXISTS ${STAGED_INCLUDE}/${dir})
    file(CREATE_LINK /usr/include/${dir} ${STAGED_INCLUDE}/${dir} SYMBOLIC)
  endif()
endforeach()

add_library(nlohmann_json::nlohmann_json INTERFACE IMPORTED)
target_include_directories(nlohmann_json::nlohmann_json SYSTEM INTERFACE ${STAGED_INCLUDE})
# Debian's spdlog is configured for an external fmt; both are used header-only.
add_library(spdlog::spdlog INTERFACE IMPORTED)
target_include_directories(spdlog::spdlog SYSTEM INTERFACE ${STAGED_INCLUDE})
target_compile_definitions(spdlog::spdlog INTERFACE FMT_HEADER_ONLY SPDLOG_HEADER_ONLY)

add_subdirectory(orchestration)

# The Windows-only parts of the service host; the rest of service/ needs the
# HTTP and storage layers, which this build does not have.
add_subdirectory(service/win)

# The service's Windows entry and composition root, compiled (not linked:
# the App they call needs the HTTP and storage layers) so a change that
# breaks the MSVC build's Windows branch shows here first.
add_library(clusterforge_service_windows_compile_check OBJECT
  service/app.cpp service/logging.cpp service/main.cpp service/version.cpp service/win/platform_win.cpp)
target_compile_definitions(clusterforge_service_windows_compile_check PRIVATE CLUSTERFORGE_VERSION="${PROJECT_VERSION}")
target_link_libraries(clusterforge_service_windows_compile_check PRIVATE
  clusterforge_service_win clusterforge_clusapi clusterforge_warnings)

# The PostgreSQL adapter's platform-specific parts (the notification wait),
# compiled against libpq's headers, which are plain C (not linked: mingw has
# no libpq here; the MSVC build takes it from vcpkg).
add_library(clusterforge_storage_postgres_windows_compile_check OBJECT
  storage/postgres/pg_connection.cpp storage/postgres/pg_job_listener.cpp storage/postgres/socket_wait_win.cpp)
target_include_directories(clusterforge_storage_postgres_windows_compile_check SYSTEM PRIVATE
  ${STAGED_INCLUDE}/postgresql)
target_link_libraries(clusterforge_storage_postgres_windows_compile_check PRIVATE
  clusterforge_orchestration spdlog::spdlog clusterforge_warnings)

enable_testing()
# GoogleTest from its sources (Debian's googletest package), built for Windows.
set(gtest_force_shared_crt ON CACHE BOOL "" FORCE)
set(INSTALL_GTEST OFF CACHE BOOL "" FORCE)
add_subdirectory(/usr/src/googletest ${CMAKE_BINARY_DIR}/googletest EXCLUDE_FROM_ALL)
# (its CMake defines the GTest::gtest and GTest::gtest_main aliases)
add_subdirectory(tests/windows)
