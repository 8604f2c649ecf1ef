# The Windows build's libraries as the imported targets the Linux build gets from
# find_package, so the libraries' CMakeLists are the same on both systems. All static:
# station.exe is one file with no DLL beside it. Paths come from scripts/build-windows
# (CUNZHAN_WIN_OPENSSL, _SQLITE, _ZSTD: prefixes made by scripts/windows/build-deps;
# CUNZHAN_WIN_BOOST: a directory holding only Boost's headers).
foreach(v CUNZHAN_WIN_OPENSSL CUNZHAN_WIN_SQLITE CUNZHAN_WIN_ZSTD CUNZHAN_WIN_BOOST)
  if(NOT IS_DIRECTORY "${${v}}")
    message(FATAL_ERROR "${v} is not set to a directory: configure with scripts/build-windows")
  endif()
endforeach()

# Windows 7 is the oldest system the officers' PCs run.
add_compile_definitions(_WIN32_WINNT=0x0601 WINVER=0x0601 NOMINMAX WIN32_LEAN_AND_MEAN UNICODE _UNICODE)
add_link_options(-static)

find_package(Threads REQUIRED)

function(cunzhan_imported name lib include)
  add_library(${name} STATIC IMPORTED GLOBAL)
  set_target_properties(${name} PROPERTIES IMPORTED_LOCATION ${lib} INTERFACE_INCLUDE_DIRECTORIES ${include})
endfunction()

cunzhan_imported(OpenSSL::Crypto ${CUNZHAN_WIN_OPENSSL}/lib/libcrypto.a ${CUNZHAN_WIN_OPENSSL}/include)
set_property(TARGET OpenSSL::Crypto PROPERTY INTERFACE_LINK_LIBRARIES ws2_32 crypt32 bcrypt user32 advapi32)
cunzhan_imported(OpenSSL::SSL ${CUNZHAN_WIN_OPENSSL}/lib/libssl.a ${CUNZHAN_WIN_OPENSSL}/include)
set_property(TARGET OpenSSL::SSL PROPERTY INTERFACE_LINK_LIBRARIES OpenSSL::Crypto)
cunzhan_imported(SQLite::SQLite3 ${CUNZHAN_WIN_SQLITE}/lib/libsqlite3.a ${CUNZHAN_WIN_SQLITE}/include)
cunzhan_imported(PkgConfig::ZSTD ${CUNZHAN_WIN_ZSTD}/lib/libzstd.a ${CUNZHAN_WIN_ZSTD}/include)
# zlib for MinGW is a Debian binary package (libz-mingw-w64-dev).
cunzhan_imported(ZLIB::ZLIB ${CMAKE_FIND_ROOT_PATH}/lib/libz.a ${CMAKE_FIND_ROOT_PATH}/include)

# Boost: headers only. Boost.JSON's compiled part is one source file of the library
# (boost/json/src.hpp, in shared/src/platform/boost_json_win.cpp); Debian ships no
# MinGW build of libboost_json.
add_library(Boost::headers INTERFACE IMPORTED GLOBAL)
set_target_properties(Boost::headers PROPERTIES INTERFACE_INCLUDE_DIRECTORIES ${CUNZHAN_WIN_BOOST}
  INTERFACE_COMPILE_DEFINITIONS "BOOST_ALL_NO_LIB")
add_library(Boost::json INTERFACE IMPORTED GLOBAL)
set_target_properties(Boost::json PROPERTIES INTERFACE_LINK_LIBRARIES Boost::headers)
# Asio on Winsock.
link_libraries(ws2_32 mswsock)
# No symbols in the shipped program (halves its size).
add_link_options($<$<CONFIG:Release>:-s>)
