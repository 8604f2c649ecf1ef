# The Windows station under Wine, in this (Linux) build's CTest run: the end-to-end tests
# (tests_wine: station.exe against the real hub), the station's own test cases built for
# Windows (listed by build-win, see tests/windows/CMakeLists.txt), and one throwaway Wine
# prefix that all of them share per run. scripts/test builds build-win first; the only
# way to leave this out is CUNZHAN_SKIP_WINDOWS=1 (CI never sets it).
set(CUNZHAN_WIN_BUILD_DIR ${PROJECT_SOURCE_DIR}/build-win CACHE PATH "scripts/build-windows's build directory")
target_compile_definitions(tests_wine PRIVATE CUNZHAN_WIN_BUILD_DIR="${CUNZHAN_WIN_BUILD_DIR}")

add_test(NAME "windows: wine prefix setup" COMMAND ${CMAKE_CURRENT_LIST_DIR}/wine-prefix setup ${CUNZHAN_WIN_BUILD_DIR})
set_tests_properties("windows: wine prefix setup" PROPERTIES FIXTURES_SETUP cunzhan_wine_prefix TIMEOUT 300)
add_test(NAME "windows: wine prefix cleanup" COMMAND ${CMAKE_CURRENT_LIST_DIR}/wine-prefix cleanup ${CUNZHAN_WIN_BUILD_DIR})
set_tests_properties("windows: wine prefix cleanup" PROPERTIES FIXTURES_CLEANUP cunzhan_wine_prefix TIMEOUT 120)

configure_file(${CMAKE_CURRENT_LIST_DIR}/windows-tests.cmake.in ${CMAKE_CURRENT_BINARY_DIR}/windows-tests.cmake @ONLY)
set_property(DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES ${CMAKE_CURRENT_BINARY_DIR}/windows-tests.cmake)
